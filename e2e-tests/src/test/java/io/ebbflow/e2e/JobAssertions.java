package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** Assertions on a job as the REST API shows it, shared by the multi-process tests. */
public final class JobAssertions {

    private JobAssertions() {
    }

    /** The job is RUNNING with every vertex at parallelism {@code p} and all its subtasks running. */
    public static void assertRunningAt(LocalCluster cluster, String jobId, int p) {
        LocalCluster.Response r = cluster.get("/jobs/" + jobId);
        assertThat(r.ok()).as(r.body()).isTrue();
        assertThat(r.json().getString("state")).as(r.body()).isEqualTo("RUNNING");
        for (Object o : r.json().getJsonArray("vertices")) {
            JsonObject v = (JsonObject) o;
            assertThat(v.getInteger("parallelism")).as(v.getString("name")).isEqualTo(p);
            assertThat(v.getString("status")).as(v.getString("name")).isEqualTo("RUNNING");
        }
    }

    /** Waits until {@code n} TaskExecutors are registered and {@code jobId} runs at parallelism {@code n} everywhere. */
    public static void awaitTaskExecutorsAndParallelism(LocalCluster cluster, String jobId, int n) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            LocalCluster.Response tms = cluster.get("/taskmanagers");
            assertThat(tms.json().getJsonArray("taskmanagers")).as(tms.body()).hasSize(n);
            assertRunningAt(cluster, jobId, n);
        });
    }

    /** {@code GET /jobs/:id/rescales/history}: every rescale and restart of the job, newest first. */
    public static java.util.List<JsonObject> rescaleHistory(LocalCluster cluster, String jobId) {
        return cluster.get("/jobs/" + jobId + "/rescales/history").json().getJsonArray("rescales").stream()
                .map(JsonObject.class::cast).toList();
    }

    /** {@code PUT /jobs/:id/resource-requirements} with the same bounds for every vertex; asserts it is accepted. */
    public static void putParallelismBounds(LocalCluster cluster, String jobId, int lower, int upper) {
        JsonObject body = new JsonObject();
        for (Object o : cluster.get("/jobs/" + jobId).json().getJsonArray("vertices")) {
            body.put(((JsonObject) o).getString("id"), new JsonObject().put("parallelism",
                    new JsonObject().put("lowerBound", lower).put("upperBound", upper)));
        }
        LocalCluster.Response r = cluster.put("/jobs/" + jobId + "/resource-requirements", body.encode());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
