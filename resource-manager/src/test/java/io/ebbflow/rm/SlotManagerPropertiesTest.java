package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.ResourceDeclaration;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.SlotReport;
import io.ebbflow.core.testing.ProtocolSamples;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random sequences of TaskExecutors joining and leaving, jobs arriving and changing their declarations,
 * slot requests confirmed or failing, and jobs returning slots beyond their share: after every step no
 * slot is owned twice, and once the requests settle every job holds exactly its share. Each case is a
 * seed for the sequence and its length; the cases come from a fixed seed, so a failure repeats.
 */
class SlotManagerPropertiesTest {

    private static final int CASES = 300;
    private static final int MIN_STEPS = 5;
    private static final int MAX_STEPS = 60;

    /** {@value #CASES} (seed, steps) pairs: the boundary lengths and seeds first, then random ones. */
    static Stream<Arguments> sequences() {
        List<Arguments> cases = new ArrayList<>();
        for (long seed : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            cases.add(Arguments.of(seed, MIN_STEPS));
            cases.add(Arguments.of(seed, MAX_STEPS));
        }
        Random random = new Random(0x51077EDL);
        while (cases.size() < CASES) {
            cases.add(Arguments.of(random.nextLong(), MIN_STEPS + random.nextInt(MAX_STEPS - MIN_STEPS + 1)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] seed {0}, {1} steps")
    @MethodSource("sequences")
    void noSlotIsOwnedTwiceAndSharesAreReachedOnceThingsSettle(long seed, int steps) {
        Random random = new Random(seed);
        int[] ids = {0};
        SlotManager sm = new SlotManager(1, () -> "a" + (++ids[0]));
        List<String> tes = new ArrayList<>();
        java.util.Map<String, String> registrations = new java.util.HashMap<>();
        List<String> jobs = new ArrayList<>();
        long[] versions = new long[100];
        int teCounter = 0;
        for (int step = 0; step < steps; step++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    String te = "te-" + (teCounter++);
                    int n = 1 + random.nextInt(4);
                    List<SlotReport.Slot> free = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        free.add(SlotReport.Slot.free(i));
                    }
                    registrations.put(te, sm.registerTaskExecutor(new RegisterTaskExecutor(te, "n-" + te, "h", 0, n,
                            ProtocolSamples.HARDWARE, new SlotReport(free)), step, node -> true));
                    tes.add(te);
                }
                case 2 -> {
                    if (!tes.isEmpty()) {
                        sm.unregisterTaskExecutor(tes.remove(random.nextInt(tes.size())));
                    }
                }
                case 3 -> {
                    if (jobs.size() < 6) {
                        String job = "job-" + jobs.size();
                        int min = random.nextInt(4);
                        sm.registerJobMaster(new RegisterJobMaster(job, job, 1, "n-" + job,
                                new ResourceDeclaration(1, min, min + random.nextInt(8))));
                        jobs.add(job);
                    }
                }
                case 4 -> {
                    if (!jobs.isEmpty()) {
                        int j = random.nextInt(jobs.size());
                        int min = random.nextInt(4);
                        sm.declareResources(jobs.get(j), 1, new ResourceDeclaration(2 + (++versions[j]), min,
                                min + random.nextInt(8)));
                    }
                }
                default -> { }
            }
            settle(sm, random, jobs, registrations, false);
            assertNoSlotOwnedTwice(sm);
            assertCountsAgreeWithTheSlots(sm, jobs);
        }
        settle(sm, random, jobs, registrations, true);
        assertNoSlotOwnedTwice(sm);
        int total = sm.totalSlots();
        int assigned = 0;
        for (String job : jobs) {
            assertThat(sm.acquiredBy(job)).as("slots of %s", job).isEqualTo(sm.quotaOf(job));
            assertThat(sm.quotaOf(job)).isLessThanOrEqualTo(sm.job(job).orElseThrow().desiredSlots());
            assigned += sm.acquiredBy(job);
        }
        assertThat(assigned).isLessThanOrEqualTo(total);
    }

    /** Runs checks, confirms (or, unless {@code reliable}, sometimes fails) requests, and returns excess slots. */
    private static void settle(SlotManager sm, Random random, List<String> jobs,
            java.util.Map<String, String> registrations, boolean reliable) {
        for (int round = 0; round < 20; round++) {
            MatchResult r = sm.checkResourceRequirements();
            for (MatchResult.SlotRequest q : r.requests()) {
                if (reliable || random.nextInt(5) > 0) {
                    sm.slotRequestSucceeded(q.slot(), q.allocationId());
                } else {
                    sm.slotRequestFailed(q.slot(), q.allocationId());
                    // The TaskExecutor's next report clears the suspicion.
                    sm.heartbeatFromTaskExecutor(q.slot().taskExecutorId(), registrations.get(q.slot().taskExecutorId()),
                            reportOf(sm, q.slot().taskExecutorId()), 0);
                }
            }
            // Jobs above their share give slots back, as their JobMasters do.
            for (String job : jobs) {
                int excess = sm.acquiredBy(job) - sm.quotaOf(job);
                for (SlotTracker.TrackedSlot s : sm.slots()) {
                    if (excess <= 0) {
                        break;
                    }
                    if (job.equals(s.jobId()) && s.state() == LedgerSlotState.ALLOCATED) {
                        sm.slotAvailable(s.id().taskExecutorId(), s.id().index(), s.allocationId());
                        excess--;
                    }
                }
            }
            if (r.isEmpty() && !sm.isCheckNeeded()) {
                return;
            }
        }
    }

    private static SlotReport reportOf(SlotManager sm, String te) {
        List<SlotReport.Slot> out = new ArrayList<>();
        for (SlotTracker.TrackedSlot s : sm.slots()) {
            if (s.id().taskExecutorId().equals(te)) {
                out.add(s.state() == LedgerSlotState.FREE || s.state() == LedgerSlotState.PENDING
                        ? SlotReport.Slot.free(s.id().index())
                        : new SlotReport.Slot(s.id().index(), io.ebbflow.core.protocol.TaskSlotState.ACTIVE, s.jobId(),
                                s.allocationId()));
            }
        }
        return new SlotReport(out);
    }

    /** The counts kept in step with every change say what a scan of every slot says. */
    private static void assertCountsAgreeWithTheSlots(SlotManager sm, List<String> jobs) {
        List<SlotTracker.TrackedSlot> all = sm.slots();
        assertThat(sm.freeSlots()).isEqualTo((int) all.stream().filter(s -> s.state() == LedgerSlotState.FREE).count());
        for (String job : jobs) {
            assertThat(sm.acquiredBy(job)).as("slots of %s", job)
                    .isEqualTo((int) all.stream().filter(s -> job.equals(s.jobId())).count());
        }
    }

    private static void assertNoSlotOwnedTwice(SlotManager sm) {
        Set<String> allocations = new HashSet<>();
        for (SlotTracker.TrackedSlot s : sm.slots()) {
            if (s.allocationId() != null) {
                assertThat(allocations.add(s.allocationId())).as("allocation %s on one slot only", s.allocationId()).isTrue();
                assertThat(sm.slotOfAllocation(s.allocationId())).map(SlotTracker.TrackedSlot::id).contains(s.id());
            } else {
                assertThat(s.jobId()).isNull();
            }
        }
    }
}
