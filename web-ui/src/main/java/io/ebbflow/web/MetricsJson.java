package io.ebbflow.web;

import io.ebbflow.core.protocol.JobMasterMessages.SubtaskView;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.VertexView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Flink's metric queries of a vertex, rendered from its subtasks' latest reports. Pure.
 *
 * <ul>
 * <li>{@code GET /jobs/:jobid/vertices/:vertexid/metrics}: each subtask's metrics as {@code <subtask>.<name>};
 *     without {@code get} the ids ({@code [{"id"}]}), with {@code get=a,b} their values as strings
 *     ({@code [{"id", "value"}]}).</li>
 * <li>{@code GET /jobs/:jobid/vertices/:vertexid/subtasks/metrics}: the same metrics aggregated over the subtasks;
 *     with {@code get} (and {@code agg}, a subset of {@code min,max,avg,sum}, all by default)
 *     {@code [{"id", "min", "max", "avg", "sum"}]}.</li>
 * </ul>
 * The source metrics ({@code pendingRecords}, {@code currentFetchEventTimeLag}, {@code currentEmitEventTimeLag},
 * {@code numRecordsInErrors}) are listed only for subtasks that tell them. Unknown ids are left out, as in Flink.
 */
final class MetricsJson {

    private static final Map<String, java.util.function.ToDoubleFunction<TaskMetrics>> TASK = new LinkedHashMap<>();
    private static final Map<String, ToLongFunction<TaskMetrics>> SOURCE = new LinkedHashMap<>();
    private static final List<String> AGGREGATES = List.of("min", "max", "avg", "sum");
    private static final Set<String> SOURCE_SCOPED = Set.of("numRecordsIn", "numRecordsInPerSecond", "numRecordsOut",
            "numRecordsOutPerSecond", "pendingRecords");

    static {
        TASK.put("numRecordsIn", TaskMetrics::numRecordsIn);
        TASK.put("numRecordsOut", TaskMetrics::numRecordsOut);
        TASK.put("numBytesIn", TaskMetrics::numBytesIn);
        TASK.put("numBytesOut", TaskMetrics::numBytesOut);
        TASK.put("numRecordsInPerSecond", TaskMetrics::numRecordsInPerSecond);
        TASK.put("numRecordsOutPerSecond", TaskMetrics::numRecordsOutPerSecond);
        TASK.put("busyTimeMsPerSecond", TaskMetrics::busyTimeMsPerSecond);
        TASK.put("backPressuredTimeMsPerSecond", TaskMetrics::backPressuredTimeMsPerSecond);
        TASK.put("idleTimeMsPerSecond", TaskMetrics::idleTimeMsPerSecond);
        SOURCE.put("pendingRecords", TaskMetrics::pendingRecords);
        SOURCE.put("currentFetchEventTimeLag", TaskMetrics::currentFetchEventTimeLag);
        SOURCE.put("currentEmitEventTimeLag", TaskMetrics::currentEmitEventTimeLag);
        SOURCE.put("numRecordsInErrors", TaskMetrics::numRecordsInErrors);
    }

    private MetricsJson() {
    }

    /** One subtask's metrics that are known, by Flink's name. */
    static Map<String, Double> of(TaskMetrics m) {
        Map<String, Double> out = new LinkedHashMap<>();
        TASK.forEach((name, read) -> out.put(name, read.applyAsDouble(m)));
        SOURCE.forEach((name, read) -> {
            long v = read.applyAsLong(m);
            if (v >= 0) {
                out.put(name, (double) v);
            }
        });
        return out;
    }

    /** {@code .../vertices/:vertexid/metrics}: {@code get} null lists the ids. */
    static JsonArray subtaskMetrics(VertexView v, Set<String> get) {
        JsonArray out = new JsonArray();
        for (SubtaskView s : v.subtasks()) {
            if (s.metrics() == null) {
                continue;
            }
            of(s.metrics()).forEach((name, value) -> {
                String id = s.subtask() + "." + name;
                if (get == null) {
                    out.add(new JsonObject().put("id", id));
                } else if (get.contains(id)) {
                    out.add(new JsonObject().put("id", id).put("value", render(value)));
                }
            });
        }
        return out;
    }

    /** {@code .../vertices/:vertexid/subtasks/metrics}: {@code get} null lists the ids; {@code agg} null: all four. */
    static JsonArray aggregated(VertexView v, Set<String> get, Set<String> agg) {
        return aggregated(v, get, agg, false);
    }

    /**
     * As above; a {@code source} vertex's records and backlog are also listed under its source operator's name
     * ({@code Source__<name>.numRecordsIn}, {@code ...numRecordsInPerSecond}, {@code ...numRecordsOut},
     * {@code ...numRecordsOutPerSecond}, {@code ...pendingRecords}), as Flink scopes them and as Flink's autoscaler
     * looks for them.
     */
    static JsonArray aggregated(VertexView v, Set<String> get, Set<String> agg, boolean source) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        String scope = sourceScope(v.name());
        for (SubtaskView s : v.subtasks()) {
            if (s.metrics() != null) {
                of(s.metrics()).forEach((name, value) -> {
                    values.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(value);
                    if (source && SOURCE_SCOPED.contains(name)) {
                        values.computeIfAbsent(scope + "." + name, n -> new java.util.ArrayList<>()).add(value);
                    }
                });
            }
        }
        return aggregate(values, get, agg);
    }

    /**
     * Flink's aggregated metrics of several reporters (subtasks, TaskManagers): {@code get} null lists the ids;
     * else {@code [{"id", "min", "max", "avg", "sum"}]} of the ids asked for that have values, {@code agg} null: all four.
     */
    static JsonArray aggregate(Map<String, List<Double>> values, Set<String> get, Set<String> agg) {
        JsonArray out = new JsonArray();
        values.forEach((name, list) -> {
            if (get == null) {
                out.add(new JsonObject().put("id", name));
            } else if (get.contains(name)) {
                JsonObject entry = new JsonObject().put("id", name);
                double sum = list.stream().mapToDouble(Double::doubleValue).sum();
                Map<String, Double> all = Map.of("min", list.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        "max", list.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                        "avg", sum / list.size(), "sum", sum);
                for (String a : AGGREGATES) {
                    if (agg == null || agg.contains(a)) {
                        entry.put(a, all.get(a));
                    }
                }
                out.add(entry);
            }
        });
        return out;
    }

    /** A source operator's metric scope as Flink names it: {@code Source__} and its name, other characters as '_'. */
    static String sourceScope(String vertexName) {
        String head = vertexName.split(" -> ", 2)[0];
        if (head.startsWith("Source: ")) {
            head = head.substring("Source: ".length());
        }
        return "Source__" + head.replaceAll("[^A-Za-z0-9_\\-]", "_");
    }

    /** Flink's value strings: whole numbers without a fraction. */
    private static String render(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** A comma-separated query parameter as a set, or null when absent. */
    static Set<String> list(String param) {
        if (param == null || param.isBlank()) {
            return null;
        }
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String s : param.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** The {@code agg} values that are not Flink's, or empty. */
    static List<String> unknownAggregates(Set<String> agg) {
        return agg == null ? List.of() : agg.stream().filter(a -> !AGGREGATES.contains(a)).toList();
    }
}
