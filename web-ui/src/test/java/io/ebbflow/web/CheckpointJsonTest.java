package io.ebbflow.web;

import io.ebbflow.core.checkpoint.CheckpointStatus;
import io.ebbflow.core.checkpoint.SubtaskCheckpointStats;
import io.ebbflow.core.protocol.JobMasterMessages.CheckpointView;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.SavepointMessages.SavepointStatus;
import io.ebbflow.core.testing.ProtocolSamples;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class CheckpointJsonTest {

    private static final CheckpointView COMPLETED = ProtocolSamples.CHECKPOINT;
    private static final CheckpointView SAVEPOINT = new CheckpointView(8, CheckpointStatus.COMPLETED, true, 2000, 2300, 300, 1024, 4, 4,
            "/tmp/savepoints/savepoint-8", null);
    private static final CheckpointView FAILED = new CheckpointView(9, CheckpointStatus.FAILED, false, 3000, 3050, 500, 0, 2, 4, null,
            "declined by Map (1/2)");
    private static final CheckpointView IN_PROGRESS = new CheckpointView(10, CheckpointStatus.IN_PROGRESS, false, 4000, 4010, 10, 0, 1, 4,
            null, null);

    private static JobCheckpoints withHistory() {
        return new JobCheckpoints(1, 2, 1, 1, SAVEPOINT, SAVEPOINT, FAILED, COMPLETED, 900,
                List.of(IN_PROGRESS, FAILED, SAVEPOINT, COMPLETED), 1000, 600_000, 0, 1);
    }

    @Test
    void detailsGiveEachVertexAndEachSubtasksSynchronousAndAsynchronousDurations() {
        CheckpointView cp = new CheckpointView(11, CheckpointStatus.COMPLETED, false, 5000, 5400, 400, 3000, 3, 3,
                "/tmp/chk-11", null, List.of(new SubtaskCheckpointStats("v-keyed", 1, 5400, 2000, 1_500, 380_000),
                        new SubtaskCheckpointStats("v-keyed", 0, 5350, 1000, 900, 340_000),
                        new SubtaskCheckpointStats("v-source", 0, 5010, 0, 200, -1)));
        JobCheckpoints c = new JobCheckpoints(0, 1, 0, 0, cp, null, null, null, -1, List.of(cp), 1000, 600_000, 0, 1);

        JsonObject details = CheckpointJson.details(c, 11);
        assertThat(details.getLong("id")).isEqualTo(11);
        JsonObject keyed = details.getJsonObject("tasks").getJsonObject("v-keyed");
        assertThat(keyed.getInteger("num_acknowledged_subtasks")).isEqualTo(2);
        assertThat(keyed.getLong("state_size")).isEqualTo(3000);
        assertThat(keyed.getLong("end_to_end_duration")).isEqualTo(400);

        JsonObject subtasks = CheckpointJson.subtaskDetails(c, 11, "v-keyed");
        assertThat(subtasks.getJsonArray("subtasks").getJsonObject(0)).isEqualTo(new JsonObject().put("index", 0)
                .put("status", "completed").put("ack_timestamp", 5350L).put("end_to_end_duration", 350L)
                .put("state_size", 1000L).put("checkpointed_size", 1000L)
                .put("checkpoint", new JsonObject().put("sync", 0L).put("async", 340L)));
        assertThat(subtasks.getJsonObject("summary").getJsonObject("checkpoint_duration")).isEqualTo(new JsonObject()
                .put("sync", new JsonObject().put("min", 0L).put("max", 1L).put("avg", 1L))
                .put("async", new JsonObject().put("min", 340L).put("max", 380L).put("avg", 360L)));
        assertThat(CheckpointJson.subtaskDetails(c, 11, "v-source").getJsonArray("subtasks").getJsonObject(0)
                .getJsonObject("checkpoint").getLong("async")).as("not reported").isEqualTo(-1);
        assertThat(CheckpointJson.details(c, 12)).isNull();
        assertThat(CheckpointJson.subtaskDetails(c, 11, "v-other")).isNull();
    }

    @Test
    void countsAreFlinksWithTheTotalOfEveryStatus() {
        JsonObject counts = CheckpointJson.checkpoints(withHistory()).getJsonObject("counts");

        assertThat(counts).isEqualTo(new JsonObject().put("restored", 1).put("total", 4).put("in_progress", 1)
                .put("completed", 2).put("failed", 1));
    }

    @Test
    void summaryIsOverTheCompletedCheckpointsOfTheHistory() {
        JsonObject summary = CheckpointJson.checkpoints(withHistory()).getJsonObject("summary");

        assertThat(summary.getJsonObject("state_size")).isEqualTo(new JsonObject().put("min", 1024L).put("max", 4096L)
                .put("avg", 2560L));
        assertThat(summary.getJsonObject("checkpointed_size")).isEqualTo(summary.getJsonObject("state_size"));
        assertThat(summary.getJsonObject("end_to_end_duration")).isEqualTo(new JsonObject().put("min", 100L)
                .put("max", 300L).put("avg", 200L));
    }

    @Test
    void summaryWithoutCompletedCheckpointsIsZeros() {
        JobCheckpoints none = new JobCheckpoints(1, 0, 0, 0, null, null, null, null, -1, List.of(IN_PROGRESS), 1000,
                600_000, 0, 1);

        JsonObject summary = CheckpointJson.checkpoints(none).getJsonObject("summary");

        assertThat(summary.getJsonObject("end_to_end_duration")).isEqualTo(new JsonObject().put("min", 0).put("max", 0)
                .put("avg", 0));
    }

    @Test
    void latestHasCompletedSavepointFailedAndRestored() {
        JsonObject latest = CheckpointJson.checkpoints(withHistory()).getJsonObject("latest");

        assertThat(latest.getJsonObject("completed").getLong("id")).isEqualTo(8);
        assertThat(latest.getJsonObject("savepoint").getBoolean("is_savepoint")).isTrue();
        assertThat(latest.getJsonObject("savepoint").getString("checkpoint_type")).isEqualTo("SAVEPOINT");
        assertThat(latest.getJsonObject("failed").getLong("id")).isEqualTo(9);
        assertThat(latest.getJsonObject("restored")).isEqualTo(new JsonObject().put("id", 7L).put("restore_timestamp", 900L)
                .put("is_savepoint", false).put("external_path", "/tmp/chk-7"));
    }

    @Test
    void latestOfAJobWithoutCheckpointsIsNulls() {
        JobCheckpoints none = new JobCheckpoints(0, 0, 0, 0, null, null, null, null, -1, List.of(), 1000, 600_000, 0, 1);

        JsonObject latest = CheckpointJson.checkpoints(none).getJsonObject("latest");

        assertThat(latest.fieldNames()).containsExactly("completed", "savepoint", "failed", "restored");
        assertThat(latest.getMap().values()).containsOnlyNulls();
        assertThat(CheckpointJson.checkpoints(none).getJsonArray("history")).isEmpty();
    }

    @Test
    void aCompletedCheckpointHasFlinksFieldsAndItsPath() {
        JsonObject completed = CheckpointJson.checkpoints(withHistory()).getJsonArray("history").getJsonObject(3);

        assertThat(completed).isEqualTo(new JsonObject().put("@class", "completed").put("id", 7L).put("status", "COMPLETED")
                .put("is_savepoint", false).put("checkpoint_type", "CHECKPOINT").put("trigger_timestamp", 1000L)
                .put("latest_ack_timestamp", 1100L).put("state_size", 4096L).put("checkpointed_size", 4096L)
                .put("end_to_end_duration", 100L).put("num_subtasks", 4).put("num_acknowledged_subtasks", 4)
                .put("external_path", "/tmp/chk-7").put("discarded", false));
    }

    @Test
    void aFailedCheckpointHasItsFailureTimeAndMessage() {
        JsonObject failed = CheckpointJson.checkpoints(withHistory()).getJsonArray("history").getJsonObject(1);

        assertThat(failed.getString("@class")).isEqualTo("failed");
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getLong("failure_timestamp")).isEqualTo(3500);
        assertThat(failed.getString("failure_message")).isEqualTo("declined by Map (1/2)");
        assertThat(failed.containsKey("external_path")).isFalse();
    }

    @Test
    void anInProgressCheckpointHasNeitherPathNorFailure() {
        JsonObject inProgress = CheckpointJson.checkpoints(withHistory()).getJsonArray("history").getJsonObject(0);

        assertThat(inProgress.getString("@class")).isEqualTo("in_progress");
        assertThat(inProgress.getString("status")).isEqualTo("IN_PROGRESS");
        assertThat(inProgress.getInteger("num_acknowledged_subtasks")).isEqualTo(1);
        assertThat(inProgress.containsKey("external_path")).isFalse();
        assertThat(inProgress.containsKey("failure_message")).isFalse();
    }

    @Test
    void aSavepointInProgressHasOnlyItsStatus() {
        JsonObject status = CheckpointJson.savepointStatus(new SavepointStatus("abc123", "IN_PROGRESS", null, null));

        assertThat(status).isEqualTo(new JsonObject().put("status", new JsonObject().put("id", "IN_PROGRESS")));
    }

    @Test
    void aCompletedSavepointHasItsLocation() {
        JsonObject status = CheckpointJson.savepointStatus(Samples.of(SavepointStatus.class));

        assertThat(status).isEqualTo(new JsonObject().put("status", new JsonObject().put("id", "COMPLETED"))
                .put("operation", new JsonObject().put("location", "/tmp/savepoints/savepoint-1")));
    }

    @Test
    void aFailedSavepointIsCompletedWithItsFailureCause() {
        JsonObject status = CheckpointJson.savepointStatus(new SavepointStatus("abc123", "COMPLETED", null,
                "java.lang.IllegalStateException: no space"));

        assertThat(status.getJsonObject("status").getString("id")).isEqualTo("COMPLETED");
        JsonObject cause = status.getJsonObject("operation").getJsonObject("failure-cause");
        assertThat(cause.getString("class")).isEqualTo("java.lang.Exception");
        assertThat(cause.getString("stack-trace")).isEqualTo("java.lang.IllegalStateException: no space");
        assertThat(cause.containsKey("serialized-throwable")).isTrue();
        assertThat(status.getJsonObject("operation").containsKey("location")).isFalse();
    }
}
