package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceDeclaration;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.SlotReport;
import io.ebbflow.core.protocol.TaskSlotState;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.testing.ProtocolSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlotManagerTest {

    private int ids;
    private final SlotManager sm = new SlotManager(3, () -> "id" + (++ids));

    @Test
    void aDeclaredJobGetsFreeSlotsRequestedUpToItsDesiredCount() {
        registerTaskExecutor("te-a", 2);
        registerTaskExecutor("te-b", 2);
        registerJob("job-1", 1, 1, 3);

        MatchResult r = sm.checkResourceRequirements();

        assertThat(r.requests()).hasSize(3).allSatisfy(q -> {
            assertThat(q.jobId()).isEqualTo("job-1");
            assertThat(q.jobMasterEpoch()).isEqualTo(1);
        });
        assertThat(r.quotaChanges()).containsEntry("job-1", 3);
        assertThat(sm.acquiredBy("job-1")).isEqualTo(3);
        assertThat(sm.freeSlots()).isEqualTo(1);
        assertThat(sm.slots()).filteredOn(s -> s.state() == LedgerSlotState.PENDING).hasSize(3);
    }

    @Test
    void aJobFillsWholeTaskExecutorsFirst() {
        registerTaskExecutor("te-a", 2);
        registerTaskExecutor("te-b", 4);
        registerJob("job-1", 1, 1, 3);

        MatchResult r = sm.checkResourceRequirements();

        assertThat(r.requests()).extracting(q -> q.slot().taskExecutorId()).containsOnly("te-b");
    }

    @Test
    void confirmedRequestsBecomeAllocatedAndFailedOnesAreNotRetriedOnTheSameSlotUntilItReports() {
        registerTaskExecutor("te-a", 1);
        registerTaskExecutor("te-b", 1);
        registerJob("job-1", 1, 1, 1);
        MatchResult.SlotRequest first = sm.checkResourceRequirements().requests().get(0);

        sm.slotRequestFailed(first.slot(), first.allocationId());
        MatchResult.SlotRequest second = sm.checkResourceRequirements().requests().get(0);

        assertThat(second.slot()).isNotEqualTo(first.slot());
        sm.slotRequestSucceeded(second.slot(), second.allocationId());
        assertThat(sm.slotOfAllocation(second.allocationId()).orElseThrow().state()).isEqualTo(LedgerSlotState.ALLOCATED);
        assertThat(sm.checkResourceRequirements().requests()).isEmpty();
    }

    /**
     * Found on separate hosts (MultiHostIT): a TaskExecutor back from a partition registered before its event-bus
     * handlers were visible, so the slot request failed; its heartbeats then reported the slot free, but nothing
     * asked for a requirement check, and the job never got the slot back.
     */
    @Test
    void aSlotWhoseRequestFailedIsRequestedAgainOnceItsTaskExecutorReportsIt() {
        registerTaskExecutor("te-a", 1);
        registerJob("job-1", 1, 1, 1);
        MatchResult.SlotRequest first = sm.checkResourceRequirements().requests().get(0);
        sm.slotRequestFailed(first.slot(), first.allocationId());
        assertThat(sm.checkResourceRequirements().requests()).as("not retried until its TaskExecutor reports").isEmpty();
        assertThat(sm.isCheckNeeded()).isFalse();

        sm.heartbeatFromTaskExecutor("te-a", registrationOf("te-a"), report(1), 10);

        assertThat(sm.isCheckNeeded()).as("the slot can be matched again, so a check must run").isTrue();
        assertThat(sm.checkResourceRequirements().requests()).extracting(MatchResult.SlotRequest::slot)
                .containsExactly(first.slot());
    }

    @Test
    void aNewJobChangesSharesButNoSlotIsTakenAway() {
        registerTaskExecutor("te-a", 4);
        registerJob("job-1", 1, 1, 4);
        confirmAll(sm.checkResourceRequirements());
        assertThat(sm.acquiredBy("job-1")).isEqualTo(4);

        registerJob("job-2", 1, 1, 4);
        MatchResult r = sm.checkResourceRequirements();

        assertThat(r.quotaChanges()).containsEntry("job-1", 2).containsEntry("job-2", 2);
        assertThat(r.requests()).isEmpty();
        assertThat(sm.acquiredBy("job-1")).isEqualTo(4);

        // job-1 gives two slots back; they go to job-2.
        List<SlotTracker.TrackedSlot> held = sm.slots().stream().filter(s -> "job-1".equals(s.jobId())).toList();
        sm.slotAvailable("te-a", held.get(0).id().index(), held.get(0).allocationId());
        sm.slotAvailable("te-a", held.get(1).id().index(), held.get(1).allocationId());
        MatchResult after = sm.checkResourceRequirements();
        assertThat(after.requests()).hasSize(2).allSatisfy(q -> assertThat(q.jobId()).isEqualTo("job-2"));
        assertThat(after.quotaChanges()).isEmpty();
    }

    @Test
    void nothingMovesWhileNothingChanges() {
        registerTaskExecutor("te-a", 3);
        registerTaskExecutor("te-b", 3);
        registerJob("job-1", 1, 1, 4);
        registerJob("job-2", 2, 1, 4);
        confirmAll(sm.checkResourceRequirements());
        List<SlotTracker.TrackedSlot> before = sm.slots();
        for (int i = 0; i < 5; i++) {
            MatchResult r = sm.checkResourceRequirements();
            assertThat(r.isEmpty()).isTrue();
        }
        assertThat(sm.slots()).isEqualTo(before);
    }

    @Test
    void slotReportsAreTheTruth() {
        registerTaskExecutor("te-a", 2);
        registerJob("job-1", 1, 1, 2);
        MatchResult r = sm.checkResourceRequirements();
        MatchResult.SlotRequest a = r.requests().get(0);
        MatchResult.SlotRequest b = r.requests().get(1);
        sm.slotRequestSucceeded(a.slot(), a.allocationId());

        // The TaskExecutor freed a (the ledger said ALLOCATED) and has not seen the request for b yet.
        sm.heartbeatFromTaskExecutor("te-a", registrationOf("te-a"),
                new SlotReport(List.of(SlotReport.Slot.free(0), SlotReport.Slot.free(1))), 10);

        assertThat(sm.slotOfAllocation(a.allocationId())).isEmpty();
        assertThat(sm.slotOfAllocation(b.allocationId()).orElseThrow().state()).isEqualTo(LedgerSlotState.PENDING);

        // Another report says slot 0 holds an allocation the RM did not know: it is adopted.
        sm.heartbeatFromTaskExecutor("te-a", registrationOf("te-a"), new SlotReport(List.of(
                new SlotReport.Slot(0, TaskSlotState.ACTIVE, "job-9", "alloc-x"), SlotReport.Slot.free(1))), 20);
        assertThat(sm.slotOfAllocation("alloc-x").orElseThrow().jobId()).isEqualTo("job-9");
    }

    @Test
    void aLeavingTaskExecutorTakesItsSlotsAlong() {
        registerTaskExecutor("te-a", 2);
        registerTaskExecutor("te-b", 2);
        registerJob("job-1", 1, 1, 4);
        confirmAll(sm.checkResourceRequirements());
        sm.drainLedgerChanges();

        assertThat(sm.unregisterTaskExecutor("te-a")).isTrue();

        assertThat(sm.totalSlots()).isEqualTo(2);
        assertThat(sm.acquiredBy("job-1")).isEqualTo(2);
        Map<String, SlotLedgerEntry> ledger = sm.drainLedgerChanges();
        assertThat(ledger).containsOnlyKeys("te-a_0", "te-a_1");
        assertThat(ledger.values()).containsOnlyNulls();
        assertThat(sm.isCheckNeeded()).isTrue();
        assertThat(sm.checkResourceRequirements().quotaChanges()).containsEntry("job-1", 2);
    }

    @Test
    void staleAndUnknownSendersAreRefused() {
        registerTaskExecutor("te-a", 1);
        registerJob("job-1", 2, 1, 1);

        assertThatThrownBy(() -> sm.heartbeatFromTaskExecutor("te-x", "r", report(1), 0))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.UNKNOWN_SENDER));
        assertThatThrownBy(() -> sm.heartbeatFromTaskExecutor("te-a", "old-registration", report(1), 0))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.UNKNOWN_SENDER));
        assertThatThrownBy(() -> sm.declareResources("job-1", 1, new ResourceDeclaration(9, 1, 1)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.STALE));
        assertThatThrownBy(() -> sm.registerJobMaster(new RegisterJobMaster("job-1", "j", 1, "node", new ResourceDeclaration(1, 1, 1))))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.STALE));
        assertThatThrownBy(() -> sm.declareResources("job-2", 1, new ResourceDeclaration(1, 1, 1)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.UNKNOWN_SENDER));
    }

    @Test
    void olderDeclarationsAreIgnoredAndTheLatestWins() {
        registerTaskExecutor("te-a", 4);
        registerJob("job-1", 1, 1, 2);
        sm.checkResourceRequirements();
        sm.declareResources("job-1", 1, new ResourceDeclaration(5, 1, 4));
        sm.declareResources("job-1", 1, new ResourceDeclaration(4, 1, 1));
        assertThat(sm.job("job-1").orElseThrow().desiredSlots()).isEqualTo(4);
        assertThat(sm.checkResourceRequirements().quotaChanges()).containsEntry("job-1", 4);
    }

    @Test
    void aTaskExecutorIdOfALiveProcessCannotBeTakenOver() {
        registerTaskExecutor("te-a", 1);
        RegisterTaskExecutor impostor = new RegisterTaskExecutor("te-a", "other-node", "h", 0, 1, ProtocolSamples.HARDWARE, report(1));
        assertThatThrownBy(() -> sm.registerTaskExecutor(impostor, 0, node -> true))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.CONFLICT));
        // Once the old process is gone, the id may be reused.
        sm.registerTaskExecutor(impostor, 0, node -> false);
        assertThat(sm.taskExecutorsOnNode("other-node")).containsExactly("te-a");
    }

    @Test
    void aJobWhoseJobMasterIsGoneKeepsItsPlaceUntilTheTimeoutAndLosesItsShare() {
        registerTaskExecutor("te-a", 2);
        registerJob("job-1", 1, 1, 2);
        registerJob("job-2", 1, 1, 2);
        assertThat(sm.checkResourceRequirements().quotaChanges()).containsEntry("job-1", 1).containsEntry("job-2", 1);

        sm.jobMasterLost("job-1", 1_000);
        assertThat(sm.checkResourceRequirements().quotaChanges()).containsEntry("job-2", 2);
        assertThat(sm.expireDisconnectedJobs(1_000 + 299_999, 300_000)).isEmpty();

        registerJob("job-1", 2, 1, 2);
        assertThat(sm.job("job-1").orElseThrow().submissionSeq()).isEqualTo(1);
        assertThat(sm.checkResourceRequirements().quotaChanges()).containsEntry("job-1", 1).containsEntry("job-2", 1);

        sm.jobMasterLost("job-1", 2_000);
        assertThat(sm.expireDisconnectedJobs(302_000, 300_000)).containsExactly("job-1");
        assertThat(sm.job("job-1")).isEmpty();
    }

    @Test
    void aRestartedResourceManagerResumesFromTheLedgerWithoutMovingAnything() {
        registerTaskExecutor("te-a", 2);
        registerTaskExecutor("te-b", 2);
        registerJob("job-1", 1, 1, 3);
        confirmAll(sm.checkResourceRequirements());
        List<SlotTracker.TrackedSlot> before = sm.slots();
        Map<String, SlotLedgerEntry> ledger = new java.util.TreeMap<>(sm.drainLedgerChanges());
        var tes = sm.drainTaskExecutorChanges();
        var jobs = sm.drainJobChanges();

        SlotManager restarted = new SlotManager(4, () -> "new" + (++ids));
        tes.values().forEach(t -> restarted.restoreTaskExecutor(t, 0));
        ledger.values().forEach(restarted::restoreSlot);
        jobs.values().forEach(j -> restarted.restoreJob(j, true, 0));
        MatchResult r = restarted.checkResourceRequirements();

        assertThat(r.requests()).isEmpty();
        assertThat(r.quotaChanges()).containsEntry("job-1", 3);
        assertThat(restarted.slots()).isEqualTo(before);
        assertThat(restarted.orphanedLedgerKeys(Set.of("te-a_0", "te-gone_0"))).containsExactly("te-gone_0");
    }

    // ---------------------------------------------------------------- helpers

    private final Map<String, String> registrations = new java.util.HashMap<>();

    private void registerTaskExecutor(String id, int slots) {
        registrations.put(id, sm.registerTaskExecutor(new RegisterTaskExecutor(id, "node-" + id, "127.0.0.1", 0, slots,
                ProtocolSamples.HARDWARE, report(slots)), 0, node -> true));
    }

    private String registrationOf(String id) {
        return registrations.get(id);
    }

    private void registerJob(String jobId, long epoch, int min, int desired) {
        sm.registerJobMaster(new RegisterJobMaster(jobId, jobId, epoch, "node-" + jobId, new ResourceDeclaration(1, min, desired)));
    }

    private void confirmAll(MatchResult r) {
        r.requests().forEach(q -> sm.slotRequestSucceeded(q.slot(), q.allocationId()));
    }

    private static SlotReport report(int slots) {
        List<SlotReport.Slot> list = new ArrayList<>();
        IntStream.range(0, slots).forEach(i -> list.add(SlotReport.Slot.free(i)));
        return new SlotReport(list);
    }
}
