package io.ebbflow.e2e;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The TaskExecutors a ResourceManager with {@code resourcemanager.provider: process} started for a test's cluster:
 * as REST shows them ({@code GET /overview}'s {@code workers} block) and as processes, found by the
 * {@code -Debbflow.worker-of=<cluster name>} mark on their command lines, so a test can stop every one of them by
 * PID whatever happened ({@link #killAll()}, in its cleanup).
 */
public final class ProviderWorkers {

    private final LocalCluster cluster;

    public ProviderWorkers(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** {@code GET /overview}'s {@code workers} block; fails (for an await to retry) while no ResourceManager answers. */
    public JsonObject view() {
        LocalCluster.Response r = cluster.get("/overview");
        if (!r.ok()) {
            throw new AssertionError("GET /overview: " + r.status() + " " + r.body());
        }
        return r.json().getJsonObject("workers");
    }

    /** The REGISTERED workers by id, with their process ids. */
    public Map<String, Long> registered() {
        Map<String, Long> out = new TreeMap<>();
        for (Object o : view().getJsonArray("list")) {
            JsonObject w = (JsonObject) o;
            if (w.getString("state").equals("REGISTERED")) {
                out.put(w.getString("id"), Long.parseLong(w.getString("handle")));
            }
        }
        return out;
    }

    /** Every live worker process of this cluster. */
    public List<ProcessHandle> processes() {
        String mark = "-Debbflow.worker-of=" + cluster.clusterName();
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> Arrays.asList(a).contains(mark)).orElse(false)).toList();
    }

    /** Kills every worker process of this cluster and waits (20 s at most each) until it is gone. */
    public void killAll() {
        for (ProcessHandle p : processes()) {
            p.destroyForcibly();
            p.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
