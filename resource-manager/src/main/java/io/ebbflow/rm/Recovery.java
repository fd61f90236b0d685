package io.ebbflow.rm;

import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.state.JobRecord;
import io.ebbflow.core.state.TaskExecutorRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a starting ResourceManager took over from the shared maps, and what it still has to do about
 * it: watch the restored TaskExecutors and the live JobMasters, and remove the map rows of
 * TaskExecutors whose process is gone.
 *
 * @param taskExecutors TaskExecutors restored because their process is still a cluster member
 * @param liveJobMasters jobs whose JobMaster's node is still a member (all jobs are restored)
 * @param orphanedLedgerKeys ledger rows of slots not on any restored TaskExecutor, to remove from the map
 * @param goneTaskExecutors TaskExecutor rows not restored, to remove from the map
 */
record Recovery(List<String> taskExecutors, List<String> liveJobMasters, List<String> orphanedLedgerKeys,
        List<String> goneTaskExecutors) {

    /**
     * Restores the snapshot into the slot manager: the TaskExecutors whose node is live with their
     * ledger rows, and every job (a job whose JobMaster's node is gone counts as disconnected from
     * {@code now}).
     */
    static Recovery restore(SlotManager slotManager, ResourceManagerStore.Snapshot snapshot,
            Predicate<String> isLiveNode, long now) {
        List<String> taskExecutors = new ArrayList<>();
        for (Versioned<TaskExecutorRecord> te : snapshot.taskExecutors().values()) {
            if (isLiveNode.test(te.value().nodeId())) {
                slotManager.restoreTaskExecutor(te.value(), now);
                taskExecutors.add(te.value().taskExecutorId());
            }
        }
        snapshot.ledger().values().forEach(row -> slotManager.restoreSlot(row.value()));
        List<String> liveJobMasters = new ArrayList<>();
        for (Versioned<JobRecord> job : snapshot.jobs().values()) {
            boolean live = isLiveNode.test(job.value().nodeId());
            slotManager.restoreJob(job.value(), live, now);
            if (live) {
                liveJobMasters.add(job.value().jobId());
            }
        }
        List<String> gone = snapshot.taskExecutors().keySet().stream().filter(id -> !slotManager.isRegistered(id))
                .collect(Collectors.toList());
        return new Recovery(taskExecutors, liveJobMasters, slotManager.orphanedLedgerKeys(snapshot.ledger().keySet()),
                gone);
    }
}
