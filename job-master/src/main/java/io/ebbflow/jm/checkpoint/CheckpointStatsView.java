package io.ebbflow.jm.checkpoint;

import io.ebbflow.core.checkpoint.CheckpointStatus;
import io.ebbflow.core.protocol.JobMasterMessages.CheckpointView;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.runtime.checkpoint.CheckpointStats;
import io.ebbflow.runtime.checkpoint.CheckpointTracker;
import java.time.Duration;
import java.util.List;

/** The job's checkpoint statistics as the protocol carries them (Flink's shape), from the tracker. Pure. */
final class CheckpointStatsView {

    private CheckpointStatsView() {
    }

    /** The statistics at {@code now}; {@code interval} is null without periodic checkpoints. */
    static JobCheckpoints of(CheckpointTracker tracker, long now, Duration interval, Duration timeout, Duration minPause,
            int numRetained) {
        List<CheckpointView> history = tracker.history(now).stream().map(CheckpointStatsView::view).toList();
        CheckpointView restored = tracker.restored().map(cp -> new CheckpointView(cp.checkpointId(), CheckpointStatus.COMPLETED,
                cp.savepoint(), cp.timestamp(), cp.timestamp() + cp.duration(), cp.duration(), cp.stateSize(),
                cp.subtasks().size(), cp.subtasks().size(), cp.directory(), null)).orElse(null);
        return new JobCheckpoints(tracker.pending().isPresent() ? 1 : 0, tracker.completedCount(),
                tracker.failedCount(), tracker.restored().isPresent() ? 1 : 0,
                tracker.latestCompleted().map(CheckpointStatsView::view).orElse(null),
                tracker.latestSavepoint().map(CheckpointStatsView::view).orElse(null),
                tracker.latestFailed().map(CheckpointStatsView::view).orElse(null), restored, tracker.restoredAt(),
                history, interval == null ? -1 : interval.toMillis(), timeout.toMillis(), minPause.toMillis(), numRetained);
    }

    private static CheckpointView view(CheckpointStats s) {
        return new CheckpointView(s.id(), s.status(), s.savepoint(), s.triggerTimestamp(), s.latestAckTimestamp(),
                s.duration(), s.stateSize(), s.numAcknowledged(), s.numSubtasks(), s.externalPath(), s.failureMessage(),
                s.subtasks());
    }
}
