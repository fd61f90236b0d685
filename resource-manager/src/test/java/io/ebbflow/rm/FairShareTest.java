package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.rm.FairShare.Demand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FairShareTest {

    // The ranges the properties draw from.
    private static final int MAX_JOBS = 10;
    private static final int MAX_MIN_SLOTS = 20;
    private static final int MAX_EXTRA_SLOTS = 40;
    private static final int MAX_TOTAL = 300;
    private static final String NAME = "[{index}] {1} slots for {0}";

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

    // ---------------------------------------------------------------- properties, over seeded random inputs

    @ParameterizedTest(name = NAME)
    @MethodSource("twoThousandDivisions")
    void sharesNeverExceedTheClusterOrAnyTarget(List<Demand> demands, int total) {
        Map<String, Integer> s = FairShare.divide(demands, total);
        assertThat(s.values().stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(total);
        for (Demand d : demands) {
            assertThat(s.get(d.jobId())).isBetween(0, d.desiredSlots());
        }
    }

    @ParameterizedTest(name = NAME)
    @MethodSource("twoThousandDivisions")
    void everyJobGetsItsMinimumWhenTheMinimumsFit(List<Demand> demands, int total) {
        int mins = demands.stream().mapToInt(Demand::minSlots).sum();
        Map<String, Integer> s = FairShare.divide(demands, total);
        if (mins <= total) {
            for (Demand d : demands) {
                assertThat(s.get(d.jobId())).isGreaterThanOrEqualTo(d.minSlots());
            }
        }
    }

    @ParameterizedTest(name = NAME)
    @MethodSource("twoThousandDivisions")
    void admittedJobsAreAPrefixOfTheOrderAndTheFirstWaitingOneDidNotFit(List<Demand> demands, int total) {
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

    @ParameterizedTest(name = NAME)
    @MethodSource("twoThousandDivisions")
    void noSlotStaysUnassignedWhileAnAdmittedJobCouldGrow(List<Demand> demands, int total) {
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

    @ParameterizedTest(name = NAME)
    @MethodSource("twoThousandDivisions")
    void sharesAreMaxMinFair(List<Demand> demands, int total) {
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

    @ParameterizedTest(name = NAME)
    @MethodSource("fiveHundredDivisions")
    void theDivisionIsAFunctionOfItsInputs(List<Demand> demands, int total) {
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

    static Stream<Arguments> twoThousandDivisions() {
        return divisions(0x5EEDFA1L, 2000);
    }

    static Stream<Arguments> fiveHundredDivisions() {
        return divisions(0xD1715L, 500);
    }

    /**
     * {@code count} cases of (demands, total): the boundary cases first, then random ones from a fixed
     * seed. Up to {@value #MAX_JOBS} jobs, each with a minimum in [0, {@value #MAX_MIN_SLOTS}] and a
     * target up to {@value #MAX_EXTRA_SLOTS} above it; a total in [0, {@value #MAX_TOTAL}].
     */
    private static Stream<Arguments> divisions(long seed, int count) {
        List<Arguments> cases = new ArrayList<>();
        for (int total : new int[] {0, 1, MAX_TOTAL}) {
            cases.add(Arguments.of(List.of(), total));
            cases.add(Arguments.of(demands(MAX_JOBS, i -> 0, i -> 0), total));
            cases.add(Arguments.of(demands(MAX_JOBS, i -> MAX_MIN_SLOTS, i -> MAX_EXTRA_SLOTS), total));
            cases.add(Arguments.of(demands(MAX_JOBS, i -> i % 2 == 0 ? 0 : MAX_MIN_SLOTS, i -> MAX_EXTRA_SLOTS), total));
            cases.add(Arguments.of(demands(1, i -> MAX_MIN_SLOTS, i -> 0), total));
        }
        Random random = new Random(seed);
        while (cases.size() < count) {
            List<Demand> demands = demands(random.nextInt(MAX_JOBS + 1), i -> random.nextInt(MAX_MIN_SLOTS + 1),
                    i -> random.nextInt(MAX_EXTRA_SLOTS + 1));
            cases.add(Arguments.of(demands, random.nextInt(MAX_TOTAL + 1)));
        }
        return cases.stream();
    }

    private static List<Demand> demands(int jobs, IntUnaryOperator min, IntUnaryOperator extra) {
        List<Demand> out = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            int m = min.applyAsInt(i);
            out.add(new Demand("job-" + i, m, m + extra.applyAsInt(i)));
        }
        return out;
    }
}
