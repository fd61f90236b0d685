package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.protocol.JobMasterMessages.PhaseView;
import io.ebbflow.core.protocol.JobMasterMessages.RescaleView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RescaleJsonTest {

    private static final JobRescales SAMPLE = Samples.of(JobRescales.class);

    /** Newest first: a restart in progress, a superseded rescale of 100 ms, and completed rescales of 800 and 400 ms. */
    private static JobRescales history() {
        return new JobRescales(List.of(
                new RescaleView(4, false, "TaskExecutor te-2 lost", Map.of("v", 4), Map.of(), 9000, -1,
                        List.of(new PhaseView("cancel + backoff", 9000, -1)), -1, 1),
                new RescaleView(3, true, "resources changed", Map.of("v", 2), Map.of(), 5000, 5100, List.of(), 0, 0),
                new RescaleView(2, true, "resources changed", Map.of("v", 2), Map.of("v", 4), 3000, 3800, List.of(), 0, 0),
                SAMPLE.history().get(0)), 3, 1, "Restarting", "COOLDOWN", 31000, Map.of("cooldown", "30 s"));
    }

    @Test
    void resourceRequirementsAreFlinksBoundsPerVertex() {
        JsonObject requirements = RescaleJson.resourceRequirements(Samples.of(JobDetails.class));

        assertThat(requirements).isEqualTo(new JsonObject().put("v", new JsonObject().put("parallelism",
                new JsonObject().put("lowerBound", 1).put("upperBound", 4))));
    }

    @Test
    void historyEntryHasItsTypeCauseTimesParallelismAndPhases() {
        JsonObject rescale = RescaleJson.history(SAMPLE).getJsonArray("rescales").getJsonObject(0);

        assertThat(rescale.getLong("id")).isEqualTo(1);
        assertThat(rescale.getString("type")).isEqualTo("RESCALE");
        assertThat(rescale.getString("triggerCause")).isEqualTo("resources changed");
        assertThat(rescale.getLong("startTimestamp")).isEqualTo(1000);
        assertThat(rescale.getLong("endTimestamp")).isEqualTo(1400);
        assertThat(rescale.getLong("durationMs")).isEqualTo(400);
        assertThat(rescale.getString("terminalState")).isEqualTo("COMPLETED");
        assertThat(rescale.getJsonObject("parallelismBefore")).isEqualTo(new JsonObject().put("v", 2));
        assertThat(rescale.getJsonObject("parallelismAfter")).isEqualTo(new JsonObject().put("v", 4));
        assertThat(rescale.getJsonArray("phases")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("name", "checkpoint").put("startTimestamp", 1000L).put("endTimestamp", 1100L)
                        .put("durationMs", 100L))
                .add(new JsonObject().put("name", "deploy").put("startTimestamp", 1100L).put("endTimestamp", 1400L)
                        .put("durationMs", 300L)));
        assertThat(rescale.getLong("reprocessedRecords")).isZero();
        assertThat(rescale.getInteger("reprocessedUnknownSubtasks")).isZero();
    }

    @Test
    void historyTellsRestartsInProgressAndSupersededRescalesApart() {
        JsonArray rescales = RescaleJson.history(history()).getJsonArray("rescales");

        JsonObject restart = rescales.getJsonObject(0);
        assertThat(restart.getString("type")).isEqualTo("RESTART");
        assertThat(restart.getString("terminalState")).isEqualTo("IN_PROGRESS");
        assertThat(restart.getLong("durationMs")).isEqualTo(-1);
        assertThat(restart.getValue("reprocessedRecords")).isNull();
        assertThat(restart.getInteger("reprocessedUnknownSubtasks")).isEqualTo(1);
        assertThat(restart.getJsonArray("phases").getJsonObject(0).getLong("durationMs")).isEqualTo(-1);
        assertThat(rescales.getJsonObject(1).getString("terminalState")).isEqualTo("SUPERSEDED");
    }

    @Test
    void overviewHasCountsPhaseAndTheNewestEntry() {
        JsonObject overview = RescaleJson.overview(history());

        assertThat(overview.getInteger("numRescales")).isEqualTo(3);
        assertThat(overview.getInteger("numRestarts")).isEqualTo(1);
        assertThat(overview.getString("schedulerState")).isEqualTo("Restarting");
        assertThat(overview.getString("phase")).isEqualTo("COOLDOWN");
        assertThat(overview.getLong("phaseDeadline")).isEqualTo(31000);
        assertThat(overview.getJsonObject("latest")).isEqualTo(RescaleJson.history(history()).getJsonArray("rescales")
                .getJsonObject(0));
    }

    @Test
    void overviewOfAJobNeverRescaledHasNoLatest() {
        JobRescales none = new JobRescales(List.of(), 0, 0, "Executing", "IDLING", -1, Map.of());

        JsonObject overview = RescaleJson.overview(none);

        assertThat(overview.containsKey("latest")).isTrue();
        assertThat(overview.getValue("latest")).isNull();
    }

    @Test
    void overviewShowsTheScalingPolicysLatestDecisionWhenItIsOn() {
        JobRescales on = new JobRescales(List.of(), 0, 0, "Executing", "IDLING", -1, Map.of(),
                new io.ebbflow.core.protocol.JobMasterMessages.AutoscalerView("deciding", 5000, 9000,
                        "vertex Work: busy 91%, input 12 k/s, capacity 6.5 k/s per subtask: 2 -> 4", Map.of("w", 4)));

        JsonObject autoscaler = RescaleJson.overview(on).getJsonObject("autoscaler");

        assertThat(autoscaler.getString("phase")).isEqualTo("deciding");
        assertThat(autoscaler.getLong("lastDecisionTimestamp")).isEqualTo(9000);
        assertThat(autoscaler.getString("lastDecision")).endsWith("per subtask: 2 -> 4");
        assertThat(autoscaler.getJsonObject("parallelismRequested")).isEqualTo(new JsonObject().put("w", 4));
        assertThat(RescaleJson.overview(new JobRescales(List.of(), 0, 0, "Executing", "IDLING", -1, Map.of()))
                .getValue("autoscaler")).as("off").isNull();
    }

    @Test
    void summaryIsOverEndedRescalesNotRestarts() {
        JsonObject summary = RescaleJson.summary(history());

        assertThat(summary.getLong("count")).isEqualTo(3);
        assertThat(summary.getJsonObject("durationMs")).isEqualTo(new JsonObject().put("min", 100L).put("max", 800L)
                .put("avg", 433L));
    }

    @Test
    void summaryWithoutRescalesIsZeros() {
        JsonObject summary = RescaleJson.summary(new JobRescales(List.of(), 0, 0, "Executing", "IDLING", -1, Map.of()));

        assertThat(summary.getLong("count")).isZero();
        assertThat(summary.getJsonObject("durationMs")).isEqualTo(new JsonObject().put("min", 0).put("max", 0).put("avg", 0));
    }

    @Test
    void configIsTheSchedulersSettings() {
        assertThat(RescaleJson.config(SAMPLE)).isEqualTo(new JsonObject().put("cooldown", "30 s"));
    }
}
