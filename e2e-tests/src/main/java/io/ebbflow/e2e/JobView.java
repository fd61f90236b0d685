package io.ebbflow.e2e;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** A job as the multi-process tests, the chaos suite and the benchmarks read it from REST and from its output. */
public final class JobView {

    private JobView() {
    }

    /** The job's details if it is RUNNING with every vertex RUNNING, else null. */
    public static JsonObject running(LocalCluster cluster, String jobId) {
        LocalCluster.Response r = cluster.get("/jobs/" + jobId);
        if (!r.ok() || !"RUNNING".equals(r.json().getString("state"))) {
            return null;
        }
        for (Object v : r.json().getJsonArray("vertices")) {
            if (!"RUNNING".equals(((JsonObject) v).getString("status"))) {
                return null;
            }
        }
        return r.json();
    }

    /** When the job's current run started: the earliest start of its vertices (-1 if unknown). */
    public static long startOfRun(JsonObject job) {
        long min = Long.MAX_VALUE;
        for (Object v : job.getJsonArray("vertices")) {
            min = Math.min(min, ((JsonObject) v).getLong("start-time", -1L));
        }
        return min == Long.MAX_VALUE ? -1 : min;
    }

    /** The TaskExecutors (resource ids) running subtasks of the job now. */
    public static Set<String> runningOn(LocalCluster cluster, String jobId) {
        Set<String> out = new HashSet<>();
        JsonObject job = running(cluster, jobId);
        if (job == null) {
            return out;
        }
        for (Object v : job.getJsonArray("vertices")) {
            JsonObject vertex = cluster.get("/jobs/" + jobId + "/vertices/" + ((JsonObject) v).getString("id")).json();
            if (vertex == null) {
                continue;
            }
            for (Object st : vertex.getJsonArray("subtasks")) {
                JsonObject sub = (JsonObject) st;
                if ("RUNNING".equals(sub.getString("status"))) {
                    out.add(sub.getString("taskmanager-id"));
                }
            }
        }
        return out;
    }

    /** Whether the job's JobMaster completed a checkpoint triggered after {@code since} (epoch millis). */
    public static boolean checkpointCompletedAfter(LocalCluster cluster, String jobId, long since) {
        LocalCluster.Response r = cluster.get("/jobs/" + jobId + "/checkpoints");
        if (!r.ok()) {
            return false;
        }
        JsonObject latest = r.json().getJsonObject("latest");
        JsonObject completed = latest == null ? null : latest.getJsonObject("completed");
        return completed != null && completed.getLong("trigger_timestamp", 0L) > since;
    }

    /** The lines the exactly-once file sink committed to {@code out} (its {@code part-*} files). */
    public static List<String> committedLines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }
}
