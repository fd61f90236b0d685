package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.state.JobRecord;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.state.TaskExecutorRecord;
import io.ebbflow.core.testing.ProtocolSamples;
import java.util.LinkedHashMap;
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

    private static TaskExecutorRecord taskExecutor(String id, String nodeId) {
        return new TaskExecutorRecord(id, nodeId, "h", 0, 1, ProtocolSamples.HARDWARE, "reg-" + id, 0);
    }

    private static <T> Versioned<T> versioned(T value) {
        return new Versioned<>(1, 1, value);
    }
}
