package io.ebbflow.web;

import io.ebbflow.core.checkpoint.CheckpointStatus;
import io.ebbflow.core.checkpoint.SubtaskCheckpointStats;
import io.ebbflow.core.protocol.JobMasterMessages.CheckpointView;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.SavepointMessages.SavepointStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.stream.LongStream;
import static io.ebbflow.web.OperationStatus.SAVEPOINT_COMPLETED;

/**
 * Checkpoints and savepoints in the shapes and field names of Flink's REST API:
 * {@code /jobs/:jobid/checkpoints}, a checkpoint's details per vertex and per subtask, and the savepoint
 * operation's status. Pure functions of their inputs.
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
     * {@code GET /jobs/:jobid/checkpoints/details/:checkpointid}: the checkpoint and, per vertex, its
     * acknowledged subtasks' figures ({@code tasks}); null if the checkpoint is not in the history.
     */
    static JsonObject details(JobCheckpoints c, long id) {
        CheckpointView v = find(c, id);
        if (v == null) {
            return null;
        }
        JsonObject tasks = new JsonObject();
        byVertex(v).forEach((vertex, acks) -> {
            JsonObject t = new JsonObject().put("id", v.id()).put("status", v.status().name())
                    .put("latest_ack_timestamp", acks.stream().mapToLong(SubtaskCheckpointStats::ackTimestamp).max().orElse(0))
                    .put("state_size", acks.stream().mapToLong(SubtaskCheckpointStats::stateSize).sum())
                    .put("checkpointed_size", acks.stream().mapToLong(SubtaskCheckpointStats::stateSize).sum())
                    .put("end_to_end_duration", acks.stream().mapToLong(a -> a.ackTimestamp() - v.triggerTimestamp())
                            .max().orElse(0))
                    .put("num_acknowledged_subtasks", acks.size());
            if (v.status() == CheckpointStatus.COMPLETED) {
                t.put("num_subtasks", acks.size());
            }
            tasks.put(vertex, t);
        });
        return checkpoint(v).put("tasks", tasks);
    }

    /**
     * {@code GET /jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid}: each acknowledged subtask
     * of the vertex with its synchronous and asynchronous durations ({@code checkpoint.sync}/{@code async},
     * milliseconds, -1 if the subtask did not report them) and their {@code summary}; null if unknown.
     */
    static JsonObject subtaskDetails(JobCheckpoints c, long id, String vertexId) {
        CheckpointView v = find(c, id);
        List<SubtaskCheckpointStats> acks = v == null ? null : byVertex(v).get(vertexId);
        if (acks == null) {
            return null;
        }
        JsonArray subtasks = new JsonArray();
        acks.stream().sorted(java.util.Comparator.comparingInt(SubtaskCheckpointStats::subtaskIndex)).forEach(a -> subtasks.add(
                new JsonObject().put("index", a.subtaskIndex()).put("status", "completed")
                        .put("ack_timestamp", a.ackTimestamp()).put("end_to_end_duration", a.ackTimestamp() - v.triggerTimestamp())
                        .put("state_size", a.stateSize()).put("checkpointed_size", a.stateSize())
                        .put("checkpoint", new JsonObject().put("sync", millis(a.syncDurationMicros()))
                                .put("async", millis(a.asyncDurationMicros())))));
        JsonObject summary = new JsonObject()
                .put("state_size", stats(acks.stream().mapToLong(SubtaskCheckpointStats::stateSize)))
                .put("end_to_end_duration", stats(acks.stream().mapToLong(a -> a.ackTimestamp() - v.triggerTimestamp())))
                .put("checkpoint_duration", new JsonObject()
                        .put("sync", stats(acks.stream().mapToLong(a -> millis(a.syncDurationMicros())).filter(d -> d >= 0)))
                        .put("async", stats(acks.stream().mapToLong(a -> millis(a.asyncDurationMicros())).filter(d -> d >= 0))));
        return new JsonObject().put("id", v.id()).put("status", v.status().name())
                .put("latest_ack_timestamp", acks.stream().mapToLong(SubtaskCheckpointStats::ackTimestamp).max().orElse(0))
                .put("state_size", acks.stream().mapToLong(SubtaskCheckpointStats::stateSize).sum())
                .put("num_acknowledged_subtasks", acks.size()).put("summary", summary).put("subtasks", subtasks);
    }

    private static long millis(long micros) {
        return micros < 0 ? -1 : micros / 1000;
    }

    private static CheckpointView find(JobCheckpoints c, long id) {
        return c.history().stream().filter(h -> h.id() == id).findFirst().orElse(null);
    }

    private static java.util.Map<String, List<SubtaskCheckpointStats>> byVertex(CheckpointView v) {
        java.util.Map<String, List<SubtaskCheckpointStats>> out = new java.util.TreeMap<>();
        for (SubtaskCheckpointStats a : v.subtasks()) {
            out.computeIfAbsent(a.vertexId(), k -> new java.util.ArrayList<>()).add(a);
        }
        return out;
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
