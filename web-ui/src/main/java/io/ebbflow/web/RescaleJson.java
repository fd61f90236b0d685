package io.ebbflow.web;

import io.ebbflow.core.config.options.JobManagerOptions;
import io.ebbflow.core.protocol.JobMasterMessages.AutoscalerView;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.protocol.JobMasterMessages.PhaseView;
import io.ebbflow.core.protocol.JobMasterMessages.RescaleView;
import io.ebbflow.core.protocol.JobMasterMessages.VertexView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * A job's parallelism: Flink's {@code /jobs/:jobid/resource-requirements} and the rescale history of
 * {@code /jobs/:jobid/rescales/*} (in the spirit of Flink 2.3's). Pure functions of their inputs.
 */
final class RescaleJson {

    private RescaleJson() {
    }

    /** {@code GET /jobs/:jobid/resource-requirements}: per vertex, min and target as Flink's bounds. */
    static JsonObject resourceRequirements(JobDetails d) {
        JsonObject out = new JsonObject();
        for (VertexView v : d.vertices()) {
            out.put(v.id(), new JsonObject().put("parallelism", new JsonObject()
                    .put("lowerBound", v.minParallelism()).put("upperBound", v.targetParallelism())));
        }
        return out;
    }

    /** {@code GET /jobs/:jobid/rescales/history}: every rescale and restart, newest first. */
    static JsonObject history(JobRescales r) {
        JsonArray list = new JsonArray();
        r.history().forEach(v -> list.add(rescale(v)));
        return new JsonObject().put("rescales", list);
    }

    private static JsonObject rescale(RescaleView v) {
        return new JsonObject().put("id", v.id()).put("type", v.rescale() ? "RESCALE" : "RESTART")
                .put("triggerCause", v.cause()).put("startTimestamp", v.start()).put("endTimestamp", v.end())
                .put("durationMs", v.end() < 0 ? -1 : v.end() - v.start())
                .put("terminalState", v.end() < 0 ? "IN_PROGRESS" : v.after().isEmpty() ? "SUPERSEDED" : "COMPLETED")
                .put("parallelismBefore", new JsonObject(new LinkedHashMap<>(v.before())))
                .put("parallelismAfter", new JsonObject(new LinkedHashMap<>(v.after())))
                .put("phases", phases(v.phases()))
                .put("reprocessedRecords", v.reprocessed() < 0 ? null : v.reprocessed())
                .put("reprocessedUnknownSubtasks", v.reprocessedUnknownSubtasks());
    }

    private static JsonArray phases(List<PhaseView> phases) {
        JsonArray out = new JsonArray();
        for (PhaseView p : phases) {
            out.add(new JsonObject().put("name", p.name()).put("startTimestamp", p.start()).put("endTimestamp", p.end())
                    .put("durationMs", p.end() < 0 ? -1 : p.end() - p.start()));
        }
        return out;
    }

    /** {@code GET /jobs/:jobid/rescales/overview}: counts and the scheduler's current decision phase. */
    static JsonObject overview(JobRescales r) {
        return new JsonObject().put("numRescales", r.numRescales()).put("numRestarts", r.numRestarts())
                .put("schedulerState", r.schedulerState()).put("phase", r.phase())
                .put("phaseDeadline", r.phaseDeadline())
                .put("latest", r.history().isEmpty() ? null : rescale(r.history().get(0)))
                .put("autoscaler", autoscaler(r.autoscaler()));
    }

    /** The built-in scaling policy's state, or null when it is off. */
    private static JsonObject autoscaler(AutoscalerView a) {
        if (a == null) {
            return null;
        }
        return new JsonObject().put("phase", a.phase()).put("since", a.since())
                .put("lastDecisionTimestamp", a.decidedAt()).put("lastDecision", a.decision())
                .put("parallelismRequested", new JsonObject(new LinkedHashMap<>(a.changes())));
    }

    /** {@code GET /jobs/:jobid/rescales/summary}: durations of the completed rescales. */
    static JsonObject summary(JobRescales r) {
        long[] durations = r.history().stream().filter(v -> v.end() >= 0 && v.rescale())
                .mapToLong(v -> v.end() - v.start()).toArray();
        return new JsonObject().put("count", durations.length)
                .put("durationMs", CheckpointJson.stats(LongStream.of(durations)));
    }

    /**
     * {@code GET /jobs/:jobid/jobmanager/config}: the job's scheduling and scaling settings in Flink's shape
     * ({@code [{"key", "value"}]}), with {@code jobmanager.scheduler} always present (its default is adaptive), which
     * Flink's autoscaler checks before it rescales in place. Durations are written as Flink writes and parses them
     * ({@code 30 s}, {@code 1 min}): its configuration cannot read ISO-8601 ({@code PT30S}).
     */
    static JsonArray jobConfig(JobRescales r) {
        Map<String, String> config = new java.util.TreeMap<>(r.config());
        config.putIfAbsent(JobManagerOptions.SCHEDULER.key(), JobManagerOptions.SCHEDULER.defaultValue().orElseThrow());
        JsonArray out = new JsonArray();
        config.forEach((k, v) -> out.add(new JsonObject().put("key", k).put("value", flinkValue(v))));
        return out;
    }

    private static String flinkValue(String value) {
        if (value.startsWith("P")) {
            try {
                return io.ebbflow.core.config.ConfigType.DURATION.format(java.time.Duration.parse(value));
            } catch (java.time.format.DateTimeParseException notADuration) {
                return value;
            }
        }
        return value;
    }

    /** {@code GET /jobs/:jobid/rescales/config}: the effective adaptive-scheduler settings. */
    static JsonObject config(JobRescales r) {
        return new JsonObject(new LinkedHashMap<>(r.config()));
    }
}
