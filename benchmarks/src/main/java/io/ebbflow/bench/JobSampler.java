package io.ebbflow.bench;

import io.ebbflow.e2e.LocalCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Samples the VariableLoad job over REST, as any client of the cluster could: the parallelism and status of its
 * vertices ({@code GET /jobs/:id}), the source's backlog and output rate and the slow call's busiest subtask
 * (aggregated subtask metrics), and the slots in use ({@code GET /jobmanager/metrics}).
 */
final class JobSampler {

    private final LocalCluster cluster;
    private final String jobId;
    private String pendingId;
    private String outRateId;

    JobSampler(LocalCluster cluster, String jobId) {
        this.cluster = cluster;
        this.jobId = jobId;
    }

    AutoscalerSample sample(double second, double rate) {
        LocalCluster.Response job = cluster.get("/jobs/" + jobId);
        int slots = slotsInUse();
        if (!job.ok()) {
            return new AutoscalerSample(second, rate, -1, -1, 0, 0, 0, slots, -1, false);
        }
        boolean running = "RUNNING".equals(job.json().getString("state"));
        JsonObject source = null;
        JsonObject slowCall = null;
        JsonObject checker = null;
        for (Object o : job.json().getJsonArray("vertices")) {
            JsonObject v = (JsonObject) o;
            running &= "RUNNING".equals(v.getString("status"));
            String name = v.getString("name");
            if (name.startsWith("Slow call")) {
                slowCall = v;
            } else if (name.startsWith("Checker")) {
                checker = v;
            } else if (name.contains("Load")) {
                source = v;
            }
        }
        double backlog = -1;
        double inputRate = -1;
        if (source != null) {
            if (pendingId == null) {
                for (Object o : metrics(source, null)) {
                    String id = ((JsonObject) o).getString("id");
                    if (id.endsWith(".pendingRecords") || id.equals("pendingRecords")) {
                        pendingId = id;
                    } else if (id.endsWith("numRecordsOutPerSecond") && (outRateId == null || id.startsWith("Source__"))) {
                        outRateId = id;
                    }
                }
            }
            if (pendingId != null) {
                backlog = aggregate(source, pendingId, "sum");
                inputRate = outRateId == null ? -1 : aggregate(source, outRateId, "sum");
            }
        }
        double busy = slowCall == null ? -1 : aggregate(slowCall, "busyTimeMsPerSecond", "max");
        return new AutoscalerSample(second, rate, inputRate, backlog, parallelism(slowCall), parallelism(source),
                parallelism(checker), slots, busy, running);
    }

    private static int parallelism(JsonObject vertex) {
        return vertex == null ? 0 : vertex.getInteger("parallelism", 0);
    }

    private int slotsInUse() {
        LocalCluster.Response r = cluster.get("/jobmanager/metrics?get=taskSlotsTotal,taskSlotsAvailable");
        JsonArray values = r.status() == 200 ? new JsonArray(r.body()) : new JsonArray();
        int total = -1;
        int available = -1;
        for (Object o : values) {
            JsonObject m = (JsonObject) o;
            int v = Integer.parseInt(m.getString("value"));
            if (m.getString("id").equals("taskSlotsTotal")) {
                total = v;
            } else {
                available = v;
            }
        }
        return total < 0 || available < 0 ? -1 : total - available;
    }

    private JsonArray metrics(JsonObject vertex, String query) {
        LocalCluster.Response r = cluster.get("/jobs/" + jobId + "/vertices/" + vertex.getString("id") + "/subtasks/metrics"
                + (query == null ? "" : "?" + query));
        return r.status() == 200 ? new JsonArray(r.body()) : new JsonArray();
    }

    private double aggregate(JsonObject vertex, String id, String agg) {
        for (Object o : metrics(vertex, "get=" + id + "&agg=" + agg)) {
            JsonObject m = (JsonObject) o;
            if (id.equals(m.getString("id")) && m.getValue(agg) != null) {
                return ((Number) m.getValue(agg)).doubleValue();
            }
        }
        return -1;
    }
}
