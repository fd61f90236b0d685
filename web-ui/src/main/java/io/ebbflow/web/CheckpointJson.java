package io.ebbflow.web;

import io.ebbflow.core.checkpoint.CheckpointStatus;
import static io.ebbflow.web.OperationStatus.SAVEPOINT_COMPLETED;

import io.ebbflow.core.protocol.JobMasterMessages.CheckpointView;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.JobMasterMessages.SavepointStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.stream.LongStream;

/**
 * Checkpoints and savepoints in the shapes and field names of Flink's REST API:
 * {@code /jobs/:jobid/checkpoints} and the savepoint operation's status. Pure functions of their inputs.
 */
final class CheckpointJson {

    private CheckpointJson() {
    }

    /** {@code GET /jobs/:jobid/checkpoints}: {@code counts}, {@code summary}, {@code latest}, {@code history}. */
    static JsonObject checkpoints(JobCheckpoints c) {
        JsonArray history = new JsonArray();
        c.history().forEach(h -> history.add(checkpoint(h)));
        JsonObject latest = new JsonObject()
                .put("completed", c.latestCompleted() == null ? null : checkpoint(c.latestCompleted()))
                .put("savepoint", c.latestSavepoint() == null ? null : checkpoint(c.latestSavepoint()))
                .put("failed", c.latestFailed() == null ? null : checkpoint(c.latestFailed()))
                .put("restored", c.restored() == null ? null : new JsonObject().put("id", c.restored().id())
                        .put("restore_timestamp", c.restoreTimestamp()).put("is_savepoint", c.restored().savepoint())
                        .put("external_path", c.restored().externalPath()));
        List<CheckpointView> done = c.history().stream().filter(h -> h.status() == CheckpointStatus.COMPLETED).toList();
        JsonObject summary = new JsonObject()
                .put("state_size", stats(done.stream().mapToLong(CheckpointView::stateSize)))
                .put("checkpointed_size", stats(done.stream().mapToLong(CheckpointView::stateSize)))
                .put("end_to_end_duration", stats(done.stream().mapToLong(CheckpointView::endToEndDuration)));
        return new JsonObject()
                .put("counts", new JsonObject().put("restored", c.restoredCount())
                        .put("total", c.completed() + c.failed() + c.inProgress()).put("in_progress", c.inProgress())
                        .put("completed", c.completed()).put("failed", c.failed()))
                .put("summary", summary).put("latest", latest).put("history", history);
    }

    /** Flink's {@code min}/{@code max}/{@code avg} statistics (the average rounded); all 0 without values. */
    static JsonObject stats(LongStream values) {
        LongSummaryStatistics s = values.summaryStatistics();
        return s.getCount() == 0 ? new JsonObject().put("min", 0).put("max", 0).put("avg", 0)
                : new JsonObject().put("min", s.getMin()).put("max", s.getMax()).put("avg", Math.round(s.getAverage()));
    }

    /** One checkpoint, with Flink's {@code @class} discriminator and the fields of its status. */
    private static JsonObject checkpoint(CheckpointView v) {
        JsonObject o = new JsonObject()
                .put("@class", v.status().name().toLowerCase(java.util.Locale.ROOT))
                .put("id", v.id()).put("status", v.status().name()).put("is_savepoint", v.savepoint())
                .put("checkpoint_type", v.savepoint() ? "SAVEPOINT" : "CHECKPOINT")
                .put("trigger_timestamp", v.triggerTimestamp()).put("latest_ack_timestamp", v.latestAckTimestamp())
                .put("state_size", v.stateSize()).put("checkpointed_size", v.stateSize())
                .put("end_to_end_duration", v.endToEndDuration()).put("num_subtasks", v.numSubtasks())
                .put("num_acknowledged_subtasks", v.numAcknowledgedSubtasks());
        if (v.status() == CheckpointStatus.COMPLETED) {
            o.put("external_path", v.externalPath()).put("discarded", false);
        }
        if (v.status() == CheckpointStatus.FAILED) {
            o.put("failure_timestamp", v.triggerTimestamp() + v.endToEndDuration()).put("failure_message", v.failureMessage());
        }
        return o;
    }

    /**
     * {@code GET /jobs/:jobid/savepoints/:triggerid}: Flink's asynchronous-operation shape; once completed,
     * {@code operation} has the {@code location} or the {@code failure-cause}.
     */
    static JsonObject savepointStatus(SavepointStatus s) {
        JsonObject out = new JsonObject().put("status", new JsonObject().put("id", s.status()));
        if (s.status().equals(SAVEPOINT_COMPLETED)) {
            out.put("operation", s.failureCause() == null ? new JsonObject().put("location", s.location())
                    : new JsonObject().put("failure-cause", new JsonObject().put("class", "java.lang.Exception")
                            .put("stack-trace", s.failureCause()).put("serialized-throwable", null)));
        }
        return out;
    }
}
