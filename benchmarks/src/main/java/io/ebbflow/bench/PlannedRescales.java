package io.ebbflow.bench;

import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Records read again per planned rescale, at several checkpoint intervals, on a cluster of real processes: the
 * exactly-once checker job (3,000 records/s) on two one-slot TaskExecutors is scaled down and up over
 * {@code PUT /jobs/:id/resource-requirements}, up by a TaskExecutor that joins and down by one that leaves
 * (SIGTERM). Each change comes right after the last rescale, during the cooldown, so the rescale becomes due when
 * the cooldown ends (the reported case). The figures are the JobMaster's rescale history: records read again, how
 * many source subtasks could not tell, and the phases.
 */
final class PlannedRescales {

    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";

    private final List<Integer> intervalsMillis;
    private final int cooldownSeconds;
    private final List<String> rows = new ArrayList<>();

    PlannedRescales(List<Integer> intervalsMillis, int cooldownSeconds) {
        this.intervalsMillis = intervalsMillis;
        this.cooldownSeconds = cooldownSeconds;
    }

    void run() throws Exception {
        try (LocalCluster cluster = new LocalCluster("bench-planned-rescales", 8,
                List.of("-Dstate.checkpoints.dir=" + Files.createTempDirectory("bench-planned-rescales")))) {
            cluster.startResourceManager();
            cluster.startWebUi();
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=1");
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-2", "-Dtaskmanager.numberOfTaskSlots=1");
            for (int interval : intervalsMillis) {
                oneInterval(cluster, interval);
            }
        }
        System.out.println();
        System.out.println("| checkpoint interval | planned rescales | records read again per rescale (min / median / max)"
                + " | sources that could not tell | checkpoint phase, ms (min / median / max) | rescale total, ms (median) |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private void oneInterval(LocalCluster cluster, int interval) throws Exception {
        String job = "planned-" + interval;
        ServiceProcess jm = cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar")
                .toString(), "-j", CHECKER, "--job-id", job, "-p", "2",
                "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=" + cooldownSeconds + "s",
                "--keys", "60", "--rate", "3000", "--splits", "6", "--checkpoint-interval", String.valueOf(interval));
        try {
            awaitParallelism(cluster, job, 2);
            putUpperBound(cluster, job, 1);
            awaitParallelism(cluster, job, 1);
            putUpperBound(cluster, job, 3);
            awaitParallelism(cluster, job, 2);
            ServiceProcess joining = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-" + job,
                    "-Dtaskmanager.numberOfTaskSlots=1");
            awaitParallelism(cluster, job, 3);
            joining.stop();
            awaitParallelism(cluster, job, 2);
            List<Long> reread = new ArrayList<>();
            List<Long> checkpoint = new ArrayList<>();
            List<Long> total = new ArrayList<>();
            int unknown = 0;
            for (Object o : cluster.get("/jobs/" + job + "/rescales/history").json().getJsonArray("rescales")) {
                JsonObject e = (JsonObject) o;
                if (!"RESCALE".equals(e.getString("type"))) {
                    continue;
                }
                Long n = e.getLong("reprocessedRecords");
                reread.add(n == null ? -1 : n);
                unknown += e.getInteger("reprocessedUnknownSubtasks", 0);
                long cp = 0;
                for (Object p : e.getJsonArray("phases")) {
                    JsonObject ph = (JsonObject) p;
                    if ("checkpoint".equals(ph.getString("name"))) {
                        cp = ph.getLong("durationMs");
                    }
                }
                checkpoint.add(cp);
                total.add(e.getLong("durationMs"));
                System.out.printf(Locale.ROOT, "interval %d ms: %s%n", interval, e.encode());
            }
            rows.add(String.format(Locale.ROOT, "| %d s | %d | %s | %d | %s | %d |", interval / 1000, reread.size(),
                    stats(reread), unknown, stats(checkpoint), median(total)));
            cluster.patch("/jobs/" + job + "?mode=cancel");
            jm.waitFor(java.time.Duration.ofSeconds(30));
        } finally {
            jm.stop();
        }
    }

    private static void awaitParallelism(LocalCluster cluster, String job, int p) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            LocalCluster.Response r = cluster.get("/jobs/" + job);
            if (r.ok() && "RUNNING".equals(r.json().getString("state")) && r.json().getJsonArray("vertices").stream()
                    .map(JsonObject.class::cast).allMatch(v -> v.getInteger("parallelism") == p
                            && "RUNNING".equals(v.getString("status")))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("job " + job + " did not reach parallelism " + p + "; logs:" + cluster.logs());
    }

    private static void putUpperBound(LocalCluster cluster, String job, int upper) {
        JsonObject body = new JsonObject();
        for (Object o : cluster.get("/jobs/" + job).json().getJsonArray("vertices")) {
            body.put(((JsonObject) o).getString("id"), new JsonObject().put("parallelism",
                    new JsonObject().put("lowerBound", 1).put("upperBound", upper)));
        }
        LocalCluster.Response r = cluster.put("/jobs/" + job + "/resource-requirements", body.encode());
        if (r.status() != 200) {
            throw new IllegalStateException("PUT resource-requirements: " + r.status() + " " + r.body());
        }
    }

    private static String stats(List<Long> v) {
        List<Long> s = v.stream().sorted().toList();
        return s.isEmpty() ? "-" : s.get(0) + " / " + s.get(s.size() / 2) + " / " + s.get(s.size() - 1);
    }

    private static long median(List<Long> v) {
        List<Long> s = v.stream().sorted().toList();
        return s.isEmpty() ? -1 : s.get(s.size() / 2);
    }
}
