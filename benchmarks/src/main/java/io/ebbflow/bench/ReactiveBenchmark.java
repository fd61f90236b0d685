package io.ebbflow.bench;

import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The reactive scenario of the Flink peer measurement ({@code shared/peers/flink-1.20}) on an Ebbflow
 * cluster of real processes: TopSpeedWindowing in reactive mode with a checkpoint every 10 s, default
 * settings otherwise. Per repetition: (b) a second TaskExecutor joins after the cooldown — time from its
 * registration (its log) to every subtask RUNNING at parallelism 2 (REST, polled every 10 ms); (c) SIGTERM
 * one of the two — time to RUNNING at parallelism 1; (d) kill -9 one of two — time to RUNNING at 1 and the
 * restarts it took; (e) three TaskExecutors started one second apart with a fresh job — restarts until
 * parallelism 3. Records read again after each rescale come from the sources' own counts (their log).
 */
@Command(name = "reactive", mixinStandardHelpOptions = true,
        description = "Reactive-mode scale-up, SIGTERM and kill -9 timings on an Ebbflow cluster (as the Flink peer measured).")
final class ReactiveBenchmark implements Callable<Integer> {

    private static final String JOB = "io.ebbflow.examples.windowing.TopSpeedWindowing";
    private static final Pattern TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d)");

    @Option(names = "--repetitions", description = "Repetitions (default ${DEFAULT-VALUE}).")
    int repetitions = 3;

    @Option(names = "--cooldown-wait-seconds", description = "Wait after each (re)start before the next change, so the "
            + "default 30 s cooldown has passed (default ${DEFAULT-VALUE}).")
    int cooldownWait = 33;

    @Option(names = "--planned-rescales", split = ",", description = "Instead: records read again per planned rescale "
            + "(PUT resource-requirements down and up, a TaskExecutor joining, one leaving with SIGTERM) at these "
            + "checkpoint intervals in ms, each change made during the cooldown (e.g. 1000,2000,10000).")
    List<Integer> plannedRescaleIntervals = List.of();

    @Option(names = "--planned-rescales-cooldown-seconds", description = "The cooldown of --planned-rescales "
            + "(default ${DEFAULT-VALUE}; above the 1 s interval's trigger delay of 3 s).")
    int plannedRescalesCooldown = 5;

    private final List<long[]> scaleUp = new ArrayList<>();
    private final List<Long> sigterm = new ArrayList<>();
    private final List<long[]> kill = new ArrayList<>();
    private final List<long[]> threeJoin = new ArrayList<>();
    private long reprocessedPlanned;
    private int plannedRescales;
    /** Per kind of event (scale-up, SIGTERM, kill -9), per phase: durations from the JobMaster's rescale history. */
    private final java.util.Map<String, java.util.Map<String, List<Long>>> phases = new java.util.LinkedHashMap<>();
    private long reprocessedByJobMaster;
    private int plannedByJobMaster;
    private final List<String> killRestartsReprocessed = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!plannedRescaleIntervals.isEmpty()) {
            new PlannedRescales(plannedRescaleIntervals, plannedRescalesCooldown).run();
            return 0;
        }
        for (int rep = 1; rep <= repetitions; rep++) {
            lifecycle(rep);
            threeOneAfterAnother(rep);
        }
        System.out.println();
        System.out.println("| what | Ebbflow (min / median / max, n=" + repetitions + ") |");
        System.out.println("|---|---|");
        System.out.println("| scale-up 1→2: TaskExecutor registered → all subtasks RUNNING at p=2 | " + stats(col(scaleUp, 0)) + " |");
        System.out.println("| SIGTERM one of 2 → RUNNING at p=1 | " + stats(sigterm) + " |");
        System.out.println("| kill -9 one of 2 → RUNNING at p=1 (default heartbeats) | " + stats(col(kill, 0))
                + ", restarts per event " + col(kill, 1) + " |");
        System.out.println("| 3 TaskExecutors one after another (1 s apart): restarts until p=3 | " + col(threeJoin, 0)
                + "; p=3 reached " + stats(col(threeJoin, 1)) + " after the JobMaster's launch |");
        System.out.println("| records read again after a planned rescale (scale-up, SIGTERM) | " + reprocessedPlanned
                + " over " + plannedRescales + " rescales (sources' logs); " + reprocessedByJobMaster + " over "
                + plannedByJobMaster + " (JobMaster's rescale history) |");
        System.out.println("| records read again after a kill -9 restart (JobMaster; ≥: a lost source could not tell) | "
                + killRestartsReprocessed + " |");
        System.out.println();
        System.out.println("Phases (median ms, from /jobs/:id/rescales/history):");
        System.out.println();
        List<String> names = new ArrayList<>(phases.values().stream().flatMap(m -> m.keySet().stream())
                .filter(n -> !n.equals("total")).distinct().toList());
        names.add("total");
        System.out.println("| phase | " + String.join(" | ", phases.keySet()) + " |");
        System.out.println("|---|" + "---|".repeat(phases.size()));
        for (String n : names) {
            StringBuilder row = new StringBuilder("| " + n + " |");
            for (java.util.Map<String, List<Long>> byPhase : phases.values()) {
                List<Long> v = byPhase.getOrDefault(n, List.of()).stream().sorted().toList();
                row.append(' ').append(v.isEmpty() ? "-" : v.get(v.size() / 2)).append(" |");
            }
            System.out.println(row);
        }
        return 0;
    }

    private void lifecycle(int rep) throws Exception {
        try (LocalCluster cluster = new LocalCluster("bench-reactive-" + rep, 8, List.of())) {
            cluster.startResourceManager();
            cluster.startWebUi();
            cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar").toString(), "-j", JOB,
                    "--job-id", "top-speed", "-Dscheduler-mode=reactive", "-Dexecution.checkpointing.interval=10s",
                    "-Dstate.checkpoints.dir=" + Files.createTempDirectory("bench-reactive"));
            ServiceProcess te1 = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1");
            awaitParallelism(cluster, p -> p == 1, 120_000);
            Thread.sleep(cooldownWait * 1000L);

            ServiceProcess te2 = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-2");
            long running2 = awaitParallelism(cluster, p -> p == 2, 120_000);
            long registered = logTime(te2, "registered with the ResourceManager");
            int restartsBefore = restarts(cluster);
            scaleUp.add(new long[] {running2 - registered});
            System.out.printf(Locale.ROOT, "rep %d: scale-up registered -> p=2 running: %d ms%n", rep, running2 - registered);
            Thread.sleep(cooldownWait * 1000L);

            long t0 = System.currentTimeMillis();
            te2.terminate();
            long running1 = awaitParallelism(cluster, p -> p == 1, 120_000);
            sigterm.add(running1 - t0);
            System.out.printf(Locale.ROOT, "rep %d: SIGTERM -> p=1 running: %d ms%n", rep, running1 - t0);
            te2.stop();
            reprocessed(cluster, te1, te2);
            Thread.sleep(cooldownWait * 1000L);

            ServiceProcess te3 = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-3");
            awaitParallelism(cluster, p -> p == 2, 120_000);
            Thread.sleep(cooldownWait * 1000L);
            int before = restarts(cluster);
            long t1 = System.currentTimeMillis();
            te3.kill();
            long back = awaitParallelism(cluster, p -> p == 1, 180_000);
            kill.add(new long[] {back - t1, restarts(cluster) - before});
            System.out.printf(Locale.ROOT, "rep %d: kill -9 -> p=1 running: %d ms, %d restarts (%d before)%n", rep, back - t1,
                    restarts(cluster) - before, restartsBefore);
            history(cluster);
        }
    }

    private void threeOneAfterAnother(int rep) throws Exception {
        try (LocalCluster cluster = new LocalCluster("bench-three-" + rep, 8, List.of())) {
            cluster.startResourceManager();
            cluster.startWebUi();
            long launch = System.currentTimeMillis();
            cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar").toString(), "-j", JOB,
                    "--job-id", "top-speed", "-Dscheduler-mode=reactive", "-Dexecution.checkpointing.interval=10s",
                    "-Dstate.checkpoints.dir=" + Files.createTempDirectory("bench-three"));
            for (int i = 1; i <= 3; i++) {
                cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-" + i);
                Thread.sleep(1000);
            }
            long p3 = awaitParallelism(cluster, p -> p == 3, 180_000);
            threeJoin.add(new long[] {restarts(cluster), p3 - launch});
            System.out.printf(Locale.ROOT, "rep %d: three TaskExecutors -> p=3 after %d ms, %d restarts%n", rep, p3 - launch,
                    restarts(cluster));
        }
    }

    /** Rescales plus failure restarts so far. */
    private static int restarts(LocalCluster cluster) {
        JsonObject o = cluster.get("/jobs/top-speed/rescales/overview").json();
        return o == null ? -1 : o.getInteger("numRescales") + o.getInteger("numRestarts");
    }

    /** Waits until every vertex runs (all subtasks RUNNING) at a parallelism {@code p} accepts; returns when. */
    private static long awaitParallelism(LocalCluster cluster, IntPredicate p, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            LocalCluster.Response r = cluster.get("/jobs/top-speed");
            if (r.ok() && "RUNNING".equals(r.json().getString("state"))) {
                boolean all = true;
                for (Object o : r.json().getJsonArray("vertices")) {
                    JsonObject v = (JsonObject) o;
                    all &= p.test(v.getInteger("parallelism")) && "RUNNING".equals(v.getString("status"));
                }
                if (all) {
                    return System.currentTimeMillis();
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the job did not reach the expected parallelism; logs:" + cluster.logs());
    }

    /** Epoch millis of the first log line containing {@code text} (the log's wall-clock time of today). */
    static long logTime(ServiceProcess p, String text) {
        for (String line : p.output().split("\n")) {
            if (line.contains(text)) {
                Matcher m = TIME.matcher(line);
                if (m.find()) {
                    LocalTime t = LocalTime.parse(m.group(1), DateTimeFormatter.ofPattern("HH:mm:ss.SSS"));
                    return java.time.LocalDate.now().atTime(t).atZone(java.time.ZoneId.systemDefault()).toInstant()
                            .toEpochMilli();
                }
            }
        }
        throw new IllegalStateException("no '" + text + "' in the log of " + p);
    }

    /**
     * The JobMaster's account of this run: the phases of the scale-up (the first one), the SIGTERM and the kill
     * -9 restart, and the records read again.
     */
    private void history(LocalCluster cluster) {
        io.vertx.core.json.JsonArray entries = cluster.get("/jobs/top-speed/rescales/history").json().getJsonArray("rescales");
        boolean firstScaleUp = true;
        for (int i = entries.size() - 1; i >= 0; i--) { // oldest first
            JsonObject e = entries.getJsonObject(i);
            if (!"COMPLETED".equals(e.getString("terminalState"))) {
                continue;
            }
            int before = e.getJsonObject("parallelismBefore").stream().mapToInt(x -> ((Number) x.getValue()).intValue())
                    .max().orElse(0);
            int after = e.getJsonObject("parallelismAfter").stream().mapToInt(x -> ((Number) x.getValue()).intValue())
                    .max().orElse(0);
            String kind;
            if ("RESTART".equals(e.getString("type"))) {
                kind = "kill -9 (restart)";
                Long n = e.getLong("reprocessedRecords");
                killRestartsReprocessed.add((e.getInteger("reprocessedUnknownSubtasks", 0) > 0 ? "≥ " : "") + n);
            } else {
                kind = after > before ? "scale-up" : "SIGTERM";
                if (after > before && !firstScaleUp) {
                    continue; // the TaskExecutor that is killed later joins after the measured scale-up
                }
                firstScaleUp &= after <= before;
                Long n = e.getLong("reprocessedRecords");
                reprocessedByJobMaster += n == null ? 0 : n;
                plannedByJobMaster++;
            }
            java.util.Map<String, List<Long>> byPhase = phases.computeIfAbsent(kind, k -> new java.util.LinkedHashMap<>());
            for (Object o : e.getJsonArray("phases")) {
                JsonObject ph = (JsonObject) o;
                byPhase.computeIfAbsent(ph.getString("name"), k -> new ArrayList<>()).add(ph.getLong("durationMs"));
            }
            byPhase.computeIfAbsent("total", k -> new ArrayList<>()).add(e.getLong("durationMs"));
        }
    }

    /** Records the sources read after the checkpoint each planned rescale restored (their own count, logged at cancel). */
    private void reprocessed(LocalCluster cluster, ServiceProcess... tes) {
        Pattern read = Pattern.compile("cancelled: (\\d+) records read after checkpoint (-?\\d+)");
        for (ServiceProcess te : tes) {
            Matcher m = read.matcher(te.output());
            while (m.find()) {
                reprocessedPlanned += Long.parseLong(m.group(1));
            }
        }
        plannedRescales += 2; // the scale-up and the SIGTERM
    }

    private static List<Long> col(List<long[]> rows, int i) {
        return rows.stream().map(r -> r[i]).toList();
    }

    private static String stats(List<Long> v) {
        if (v.isEmpty()) {
            return "-";
        }
        List<Long> s = v.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f s", s.get(0) / 1000.0, s.get(s.size() / 2) / 1000.0,
                s.get(s.size() - 1) / 1000.0);
    }
}
