package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.rm.FairShare.Demand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FairShareTest {

    @Test
    void aSingleJobGetsWhatItDesiresIfTheClusterHasIt() {
        assertThat(FairShare.divide(List.of(new Demand("a", 2, 5)), 8)).containsEntry("a", 5);
        assertThat(FairShare.divide(List.of(new Demand("a", 2, 5)), 3)).containsEntry("a", 3);
    }

    @Test
    void equalJobsShareEqually() {
        assertThat(FairShare.divide(List.of(new Demand("a", 1, 10), new Demand("b", 1, 10)), 8))
                .containsEntry("a", 4).containsEntry("b", 4);
    }

    @Test
    void aJobThatWantsLittleLeavesTheRestToOthers() {
        assertThat(FairShare.divide(List.of(new Demand("a", 1, 2), new Demand("b", 1, 10)), 8))
                .containsEntry("a", 2).containsEntry("b", 6);
    }

    @Test
    void minimumsComeFirstEvenAboveTheFairLevel() {
        assertThat(FairShare.divide(List.of(new Demand("a", 5, 5), new Demand("b", 1, 10)), 8))
                .containsEntry("a", 5).containsEntry("b", 3);
    }

    @Test
    void leftoverSlotsGoToTheOldestJobsThatCanGrow() {
        Map<String, Integer> s = FairShare.divide(List.of(new Demand("a", 0, 10), new Demand("b", 0, 10),
                new Demand("c", 0, 10)), 10);
        assertThat(s).containsEntry("a", 4).containsEntry("b", 3).containsEntry("c", 3);
    }

    @Test
    void jobsWhoseMinimumDoesNotFitWaitInSubmissionOrder() {
        Map<String, Integer> s = FairShare.divide(List.of(new Demand("a", 2, 2), new Demand("b", 1, 1),
                new Demand("c", 1, 10)), 3);
        assertThat(s).containsEntry("a", 2).containsEntry("b", 1).containsEntry("c", 0);
    }

    @Test
    void aSmallerLaterJobDoesNotOvertakeAWaitingOne() {
        Map<String, Integer> s = FairShare.divide(List.of(new Demand("big", 10, 10), new Demand("small", 1, 1)), 4);
        assertThat(s).containsEntry("big", 0).containsEntry("small", 0);
    }

    @Test
    void nothingToDivideGivesNothing() {
        assertThat(FairShare.divide(List.of(new Demand("a", 1, 3)), 0)).containsEntry("a", 0);
        assertThat(FairShare.divide(List.of(), 10)).isEmpty();
        assertThat(FairShare.divide(List.of(new Demand("zero", 0, 0)), 10)).containsEntry("zero", 0);
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 2000)
    void sharesNeverExceedTheClusterOrAnyTarget(@ForAll("demands") List<Demand> demands,
            @ForAll @IntRange(max = 300) int total) {
        Map<String, Integer> s = FairShare.divide(demands, total);
        assertThat(s.values().stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(total);
        for (Demand d : demands) {
            assertThat(s.get(d.jobId())).isBetween(0, d.desiredSlots());
        }
    }

    @Property(tries = 2000)
    void everyJobGetsItsMinimumWhenTheMinimumsFit(@ForAll("demands") List<Demand> demands,
            @ForAll @IntRange(max = 300) int total) {
        int mins = demands.stream().mapToInt(Demand::minSlots).sum();
        Map<String, Integer> s = FairShare.divide(demands, total);
        if (mins <= total) {
            for (Demand d : demands) {
                assertThat(s.get(d.jobId())).isGreaterThanOrEqualTo(d.minSlots());
            }
        }
    }

    @Property(tries = 2000)
    void admittedJobsAreAPrefixOfTheOrderAndTheFirstWaitingOneDidNotFit(@ForAll("demands") List<Demand> demands,
            @ForAll @IntRange(max = 300) int total) {
        Map<String, Integer> s = FairShare.divide(demands, total);
        int reserved = 0;
        boolean waiting = false;
        for (Demand d : demands) {
            int share = s.get(d.jobId());
            if (!waiting && reserved + d.minSlots() <= total) {
                assertThat(share).as("admitted job %s", d.jobId()).isGreaterThanOrEqualTo(d.minSlots());
                reserved += d.minSlots();
            } else {
                waiting = true;
                assertThat(share).as("waiting job %s", d.jobId()).isZero();
            }
        }
    }

    @Property(tries = 2000)
    void noSlotStaysUnassignedWhileAnAdmittedJobCouldGrow(@ForAll("demands") List<Demand> demands,
            @ForAll @IntRange(max = 300) int total) {
        Map<String, Integer> s = FairShare.divide(demands, total);
        int used = s.values().stream().mapToInt(Integer::intValue).sum();
        if (used < total) {
            for (Demand d : demands) {
                if (isAdmitted(demands, total, d)) {
                    assertThat(s.get(d.jobId())).as("job %s could still grow", d.jobId()).isEqualTo(d.desiredSlots());
                }
            }
        }
    }

    @Property(tries = 2000)
    void sharesAreMaxMinFair(@ForAll("demands") List<Demand> demands, @ForAll @IntRange(max = 300) int total) {
        Map<String, Integer> s = FairShare.divide(demands, total);
        for (Demand a : demands) {
            for (Demand b : demands) {
                int sa = s.get(a.jobId());
                int sb = s.get(b.jobId());
                boolean bothAdmitted = isAdmitted(demands, total, a) && isAdmitted(demands, total, b);
                // a could use more, yet b holds more than one above it: only b's own minimum may force that.
                if (bothAdmitted && sa < a.desiredSlots() && sb > sa + 1) {
                    assertThat(sb).as("%s=%d vs %s=%d", a.jobId(), sa, b.jobId(), sb).isEqualTo(b.minSlots());
                }
            }
        }
    }

    @Property(tries = 500)
    void theDivisionIsAFunctionOfItsInputs(@ForAll("demands") List<Demand> demands, @ForAll @IntRange(max = 300) int total) {
        assertThat(FairShare.divide(demands, total)).isEqualTo(FairShare.divide(new ArrayList<>(demands), total));
    }

    private static boolean isAdmitted(List<Demand> demands, int total, Demand which) {
        int reserved = 0;
        for (Demand d : demands) {
            if (reserved + d.minSlots() > total) {
                return false;
            }
            reserved += d.minSlots();
            if (d == which) {
                return true;
            }
        }
        return false;
    }

    @Provide
    Arbitrary<List<Demand>> demands() {
        Arbitrary<int[]> pair = Combinators.combine(Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 40))
                .as((min, extra) -> new int[] {min, min + extra});
        return pair.list().ofMaxSize(10).map(pairs -> {
            List<Demand> out = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                out.add(new Demand("job-" + i, pairs.get(i)[0], pairs.get(i)[1]));
            }
            return out;
        });
    }
}
