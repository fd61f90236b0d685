package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.ResourceDeclaration;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.SlotReport;
import io.ebbflow.core.protocol.TaskSlotState;
import io.ebbflow.core.state.JobRecord;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.state.TaskExecutorRecord;
import io.ebbflow.core.testing.ProtocolSamples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    private final SlotManager sm = new SlotManager(2, () -> "new-id");
    private final Set<String> liveNodes = Set.of("node-live", "node-jm");

    @Test
    void onlyTaskExecutorsOfLiveNodesAreRestoredAndTheRestIsToBeRemovedFromTheMaps() {
        Map<String, Versioned<TaskExecutorRecord>> tes = new LinkedHashMap<>();
        tes.put("te-a", versioned(taskExecutor("te-a", "node-live")));
        tes.put("te-gone", versioned(taskExecutor("te-gone", "node-dead")));
        Map<String, Versioned<SlotLedgerEntry>> ledger = new LinkedHashMap<>();
        ledger.put("te-a_0", versioned(new SlotLedgerEntry("te-a", 0, LedgerSlotState.ALLOCATED, "job-1", "alloc-1")));
        ledger.put("te-gone_0", versioned(new SlotLedgerEntry("te-gone", 0, LedgerSlotState.FREE, null, null)));

        Recovery recovery = Recovery.restore(sm, new ResourceManagerStore.Snapshot(tes, ledger, Map.of()),
                liveNodes::contains, 1_000);

        assertThat(recovery.taskExecutors()).containsExactly("te-a");
        assertThat(recovery.goneTaskExecutors()).containsExactly("te-gone");
        assertThat(recovery.orphanedLedgerKeys()).containsExactly("te-gone_0");
        assertThat(sm.isRegistered("te-a")).isTrue();
        assertThat(sm.isRegistered("te-gone")).isFalse();
        assertThat(sm.slotOfAllocation("alloc-1").orElseThrow().id()).isEqualTo(new SlotId("te-a", 0));
        assertThat(sm.totalSlots()).isEqualTo(1);
    }

    @Test
    void everyJobIsRestoredButOnlyThoseWithALiveJobMasterAreWatched() {
        Map<String, Versioned<JobRecord>> jobs = new LinkedHashMap<>();
        jobs.put("job-1", versioned(new JobRecord("job-1", "j1", 1, 1, "node-jm", 1, 1, 2)));
        jobs.put("job-2", versioned(new JobRecord("job-2", "j2", 2, 1, "node-dead", 1, 1, 2)));

        Recovery recovery = Recovery.restore(sm, new ResourceManagerStore.Snapshot(Map.of(), Map.of(), jobs),
                liveNodes::contains, 1_000);

        assertThat(recovery.liveJobMasters()).containsExactly("job-1");
        assertThat(sm.job("job-1")).isPresent();
        assertThat(sm.job("job-2")).isPresent();
        assertThat(sm.jobsOnNode("node-jm")).containsExactly("job-1");
        assertThat(sm.jobsOnNode("node-dead")).isEmpty();
        assertThat(sm.isCheckNeeded()).isTrue();
        // The job without its JobMaster counts as disconnected since the restart.
        assertThat(sm.expireDisconnectedJobs(1_000 + 299_999, 300_000)).isEmpty();
        assertThat(sm.expireDisconnectedJobs(1_000 + 300_000, 300_000)).containsExactly("job-2");
    }

    @Test
    void withEmptyMapsTheLedgerIsRebuiltFromSlotReportsAndDeclarationsAndRunningJobsKeepTheirSlots() {
        Recovery recovery = Recovery.restore(sm, new ResourceManagerStore.Snapshot(Map.of(), Map.of(), Map.of()),
                liveNodes::contains, 1_000);
        assertThat(recovery.taskExecutors()).isEmpty();

        // In whatever order the TaskExecutors' and the JobMaster's registrations come in after the announcement.
        sm.registerJobMaster(new RegisterJobMaster("job-1", "j1", 3, "node-jm", new ResourceDeclaration(7, 2, 3)));
        sm.registerTaskExecutor(new RegisterTaskExecutor("te-a", "node-live", "h", 0, 2, ProtocolSamples.HARDWARE,
                new SlotReport(List.of(new SlotReport.Slot(0, TaskSlotState.ACTIVE, "job-1", "alloc-1"),
                        new SlotReport.Slot(1, TaskSlotState.ACTIVE, "job-1", "alloc-2")))), 1_100, liveNodes::contains);
        sm.registerTaskExecutor(new RegisterTaskExecutor("te-b", "node-live", "h", 0, 2, ProtocolSamples.HARDWARE,
                new SlotReport(List.of(new SlotReport.Slot(0, TaskSlotState.ACTIVE, "job-1", "alloc-3"),
                        SlotReport.Slot.free(1)))), 1_100, liveNodes::contains);

        MatchResult check = sm.checkResourceRequirements();

        // The job holds what it held; nothing held is requested again, and its share covers it.
        assertThat(sm.slotOfAllocation("alloc-1").orElseThrow().state()).isEqualTo(LedgerSlotState.ALLOCATED);
        assertThat(sm.slotOfAllocation("alloc-3").orElseThrow().id()).isEqualTo(new SlotId("te-b", 0));
        assertThat(sm.acquiredBy("job-1")).isEqualTo(3);
        assertThat(check.requests()).isEmpty();
        assertThat(check.quotaChanges()).containsEntry("job-1", 3);
        assertThat(sm.freeSlots()).isEqualTo(1);
    }

    private static TaskExecutorRecord taskExecutor(String id, String nodeId) {
        return new TaskExecutorRecord(id, nodeId, "h", 0, 1, ProtocolSamples.HARDWARE, "reg-" + id, 0);
    }

    private static <T> Versioned<T> versioned(T value) {
        return new Versioned<>(1, 1, value);
    }
}
