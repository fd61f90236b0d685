package io.ebbflow.bench;

import static io.ebbflow.bench.ServiceLogs.add;
import static io.ebbflow.bench.ServiceLogs.firstLineTime;
import static io.ebbflow.bench.ServiceLogs.max;

import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * From a machine's start to the job using it, with every service started as the README starts it
 * ({@code bin/ebbflow <service>}: its JVM defaults and class-data sharing archive):
 *
 * <p>(a) Cold start: a ResourceManager, the web-ui, a JobMaster running TopSpeedWindowing at parallelism 2 (a
 * checkpoint every 10 s) and two TaskExecutors with 2 slots each launched together, as {@code bin/ebbflow-local}
 * does; from the first launch until every subtask is RUNNING at parallelism 2 ({@code GET /jobs/:id} polled every
 * 100 ms, as the Flink peer polled Flink's REST; each request costs the web-ui 5-9 ms of CPU in its first seconds, so
 * polling every 20 ms took CPU from the very start it measured). Then, 35 s after the launch (when the peer measured
 * Flink), each service's resident memory.
 *
 * <p>(b) Scale-up: the same job in reactive mode on one TaskExecutor with one slot; once the rescale cooldown
 * ({@code jobmanager.adaptive-scheduler.scaling-interval.min}, 30 s) has passed, a second TaskExecutor is launched;
 * from its launch until every subtask is RUNNING at parallelism 2. It then leaves (SIGTERM) and, after the next
 * cooldown, the next one is launched.
 *
 * <p>Phases come from the services' own log lines (millisecond timestamps), so the polling adds nothing to them.
 */
@Command(name = "launch", mixinStandardHelpOptions = true,
        description = "Cold start of five services until the job runs, a TaskExecutor's launch until the job runs on it, resident memory.")
final class LaunchBenchmark implements Callable<Integer> {

    private static final String JOB_CLASS = "io.ebbflow.examples.windowing.TopSpeedWindowing";
    private static final String JOB = "launch";
    /** How often the job's status is read: the Flink peer read Flink's REST every ~100 ms. */
    private static final long POLL_MILLIS = 100;

    @Option(names = "--repetitions", description = "Cold starts (default ${DEFAULT-VALUE}).")
    int repetitions = 5;

    @Option(names = "--scale-ups", description = "TaskExecutors launched one after the other into the reactive job "
            + "(default ${DEFAULT-VALUE}; 0 skips (b)).")
    int scaleUps = 5;

    @Option(names = "--cds", description = "auto: the services use the build's class-data sharing archives (as "
            + "bin/ebbflow does); off: without (default ${DEFAULT-VALUE}).")
    String cds = "auto";

    @Option(names = "--rss-after", description = "Seconds after the cold start's launch at which resident memory is "
            + "read (default ${DEFAULT-VALUE}; 0 skips it).")
    int rssAfterSeconds = 35;

    private final Path home = Path.of(System.getProperty("ebbflow.home", ".")).toAbsolutePath().normalize();
    private final Path logs = home.resolve("benchmarks/target/launch-logs");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Long> coldStarts = new ArrayList<>();
    private final Map<String, List<Long>> coldPhases = new LinkedHashMap<>();
    private final List<Double> coldCpu = new ArrayList<>();
    private final Map<String, List<Double>> rss = new LinkedHashMap<>();
    private final Map<String, List<Double>> cpuPerService = new LinkedHashMap<>();
    private final List<Long> scaleUpTimes = new ArrayList<>();
    private final Map<String, List<Long>> scaleUpPhases = new LinkedHashMap<>();
    private final List<Double> scaleUpCpu = new ArrayList<>();
    private String jvmFlags = "";

    @Override
    public Integer call() throws Exception {
        if (!cds.equals("auto") && !cds.equals("off")) {
            throw new IllegalArgumentException("--cds must be auto or off, got '" + cds + "'");
        }
        deleteOldLogs();
        for (int rep = 1; rep <= repetitions; rep++) {
            coldStart(rep);
        }
        if (scaleUps > 0) {
            scaleUps();
        }
        System.out.println();
        System.out.println("JVM flags (bin/ebbflow, class-data sharing " + cds + "):");
        System.out.println(jvmFlags);
        System.out.println();
        System.out.println("| what (min / median / max) | Ebbflow |");
        System.out.println("|---|---|");
        System.out.println("| (a) cold start: 5 services launched together → job RUNNING at p=2 (n=" + coldStarts.size()
                + ") | " + ServiceLogs.millisStats(coldStarts) + " |");
        System.out.println("| CPU the five used until then, s | " + ServiceLogs.doubleStats(coldCpu, "%.1f") + " |");
        System.out.println("| (b) TaskExecutor launched → job RUNNING at p=2 (n=" + scaleUpTimes.size() + ") | "
                + ServiceLogs.millisStats(scaleUpTimes) + " |");
        System.out.println("| CPU the new TaskExecutor used until then, s | " + ServiceLogs.doubleStats(scaleUpCpu, "%.1f")
                + " |");
        cpuPerService.forEach((service, values) -> System.out.println("| (a) CPU of " + service + " until then, s | "
                + ServiceLogs.doubleStats(values, "%.2f") + " |"));
        rss.forEach((service, values) -> System.out.println("| RSS " + service + " at p=2, " + rssAfterSeconds
                + " s after the launch, MiB | " + ServiceLogs.doubleStats(values, "%.0f") + " |"));
        System.out.println();
        System.out.println("Phases of (a), from the launch; the slowest service for each (median / max):");
        System.out.println();
        ServiceLogs.phaseTable(coldPhases);
        System.out.println("Phases of (b), from the TaskExecutor's launch (median / max):");
        System.out.println();
        ServiceLogs.phaseTable(scaleUpPhases);
        return 0;
    }

    private void coldStart(int rep) throws Exception {
        Path dir = logs.resolve("cold-" + rep);
        int restPort = ServiceLogs.freePortRange(1);
        List<String> common = common(dir);
        List<ServiceProcess> all = new ArrayList<>();
        try {
            long t0 = System.currentTimeMillis();
            ServiceProcess rm = start(dir, "resource-manager", "rm", common);
            ServiceProcess web = start(dir, "web-ui", "web-ui", common, "-Drest.port=" + restPort,
                    "-Deventbus.tcp-bridge.port=-1");
            ServiceProcess jm = start(dir, "job-master", "job-master", common, "--job-jar",
                    home.resolve("examples/target/examples.jar").toString(), "-j", JOB_CLASS, "-p", "2", "--job-id", JOB,
                    "-Dexecution.checkpointing.interval=10s", "--output", dir.resolve("output").toString());
            ServiceProcess te1 = start(dir, "task-executor", "te-1", common, "-Dtaskmanager.numberOfTaskSlots=2",
                    "-Dtaskmanager.resource-id=te-1");
            ServiceProcess te2 = start(dir, "task-executor", "te-2", common, "-Dtaskmanager.numberOfTaskSlots=2",
                    "-Dtaskmanager.resource-id=te-2");
            List<ServiceProcess> five = List.of(rm, web, jm, te1, te2);
            all.addAll(five);
            long running = awaitParallelism(restPort, five, p -> p == 2);
            coldCpu.add(five.stream().mapToDouble(p -> ProcessStats.cpuSeconds(p.pid())).sum());
            for (ServiceProcess p : five) {
                cpuPerService.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(ProcessStats.cpuSeconds(p.pid()));
            }
            long took = running - t0;
            coldStarts.add(took);
            jvmFlags = commandLines(five);
            add(coldPhases, "JVM started (first log line)", max(five, p -> firstLineTime(p, l -> true)) - t0);
            add(coldPhases, "joined (event bus clustered)", max(five, p -> firstLineTime(p, "Joined cluster")) - t0);
            add(coldPhases, "verticle started", max(List.of(rm, web, te1, te2), p -> firstLineTime(p, " running on node ")) - t0);
            add(coldPhases, "JobMaster leads", firstLineTime(jm, " leads with epoch ").orElseThrow() - t0);
            add(coldPhases, "a TaskExecutor registered at the RM", Math.min(
                    firstLineTime(te1, "registered with the ResourceManager").orElse(Long.MAX_VALUE),
                    firstLineTime(te2, "registered with the ResourceManager").orElse(Long.MAX_VALUE)) - t0);
            add(coldPhases, "slots offered to the JobMaster", firstOf(List.of(te1, te2), " allocated to job ") - t0);
            add(coldPhases, "deploying", firstLineTime(jm, " deploys with parallelism ").orElseThrow() - t0);
            add(coldPhases, "job jar fetched", firstOf(List.of(te1, te2), "Fetched the jar") - t0);
            add(coldPhases, "RUNNING at p=2 (REST)", took);
            System.out.printf(Locale.ROOT, "cold start %d: RUNNING at p=2 %d ms after the launch%n", rep, took);
            if (rssAfterSeconds > 0) {
                long wait = t0 + rssAfterSeconds * 1000L - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait); // the memory is read at a fixed age, not awaited
                }
                for (ServiceProcess p : five) {
                    rss.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(ProcessStats.statusMib(p.pid(), "VmRSS"));
                }
            }
        } finally {
            stopAll(all);
        }
    }

    private void scaleUps() throws Exception {
        Path dir = logs.resolve("scale-up");
        int restPort = ServiceLogs.freePortRange(1);
        List<String> common = common(dir);
        List<ServiceProcess> all = new ArrayList<>();
        try {
            ServiceProcess rm = start(dir, "resource-manager", "rm", common);
            ServiceProcess web = start(dir, "web-ui", "web-ui", common, "-Drest.port=" + restPort,
                    "-Deventbus.tcp-bridge.port=-1");
            ServiceProcess jm = start(dir, "job-master", "job-master", common, "--job-jar",
                    home.resolve("examples/target/examples.jar").toString(), "-j", JOB_CLASS, "--job-id", JOB,
                    "-Dscheduler-mode=reactive", "-Dexecution.checkpointing.interval=10s", "--output",
                    dir.resolve("output").toString());
            ServiceProcess te1 = start(dir, "task-executor", "te-1", common, "-Dtaskmanager.resource-id=te-1");
            all.addAll(List.of(rm, web, jm, te1));
            long changed = awaitParallelism(restPort, all, p -> p == 1);
            for (int i = 1; i <= scaleUps; i++) {
                // The cooldown after the last rescale (30 s by default), and a margin: the launch comes after it.
                long wait = changed + 31_000 - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                String id = "te-new-" + i;
                long t0 = System.currentTimeMillis();
                ServiceProcess te = start(dir, "task-executor", id, common, "-Dtaskmanager.resource-id=" + id);
                all.add(te);
                long running = awaitParallelism(restPort, List.of(rm, web, jm, te1, te), p -> p == 2);
                scaleUpCpu.add(ProcessStats.cpuSeconds(te.pid()));
                long took = running - t0;
                scaleUpTimes.add(took);
                add(scaleUpPhases, "JVM started (first log line)", firstLineTime(te, l -> true).orElseThrow() - t0);
                firstLineTime(te, "Cluster member started").ifPresent(t -> add(scaleUpPhases, "cluster member started", t - t0));
                add(scaleUpPhases, "joined (event bus clustered)", firstLineTime(te, "Joined cluster").orElseThrow() - t0);
                add(scaleUpPhases, "verticle started", firstLineTime(te, " running on node ").orElseThrow() - t0);
                add(scaleUpPhases, "registered at the RM", firstLineTime(te, "registered with the ResourceManager").orElseThrow() - t0);
                add(scaleUpPhases, "slot offered to the JobMaster", firstLineTime(te, " allocated to job ").orElseThrow() - t0);
                add(scaleUpPhases, "job jar fetched", firstLineTime(te, "Fetched the jar").orElseThrow() - t0);
                add(scaleUpPhases, "first subtask deployed", firstLineTime(te, "Deployed ").orElseThrow() - t0);
                add(scaleUpPhases, "RUNNING at p=2 (REST)", took);
                System.out.printf(Locale.ROOT, "scale-up %d: RUNNING at p=2 %d ms after the TaskExecutor's launch%n", i, took);
                te.stop();
                changed = awaitParallelism(restPort, List.of(rm, web, jm, te1), p -> p == 1);
            }
        } finally {
            stopAll(all);
        }
    }

    private List<String> common(Path dir) throws IOException {
        int base = ServiceLogs.freePortRange(20);
        return List.of("-Dcluster.name=bench-launch-" + UUID.randomUUID(), "-Dcluster.port=" + base,
                "-Dcluster.port-count=20", "-Dmetrics.reporter.prom.port=0",
                "-Dhigh-availability.storageDir=" + dir.resolve("ha"),
                "-Dstate.checkpoints.dir=" + dir.resolve("checkpoints"));
    }

    private ServiceProcess start(Path dir, String service, String name, List<String> common, String... args)
            throws IOException {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(args));
        return ServiceProcess.launch(name, home, service, Map.of("EBBFLOW_CDS", cds), all, dir.resolve(name + ".log"));
    }

    /** Polls {@code GET /jobs/:id} every 100 ms (as the Flink peer did) until every vertex runs at a parallelism {@code p} accepts; returns when. */
    private long awaitParallelism(int restPort, List<ServiceProcess> processes, IntPredicate p) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        URI uri = URI.create("http://127.0.0.1:" + restPort + "/jobs/" + JOB);
        while (System.currentTimeMillis() < deadline) {
            JsonObject job = get(uri);
            if (job != null && "RUNNING".equals(job.getString("state")) && job.getJsonArray("vertices") != null) {
                boolean all = !job.getJsonArray("vertices").isEmpty();
                for (Object o : job.getJsonArray("vertices")) {
                    JsonObject v = (JsonObject) o;
                    all &= p.test(v.getInteger("parallelism")) && "RUNNING".equals(v.getString("status"));
                }
                if (all) {
                    return System.currentTimeMillis();
                }
            }
            for (ServiceProcess sp : processes) {
                if (!sp.isAlive()) {
                    throw new IllegalStateException(sp.name() + " exited with code " + sp.exitCode() + "; see " + sp.log());
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("job " + JOB + " did not reach the expected parallelism within 2 minutes; logs in "
                + processes.get(0).log().getParent());
    }

    private JsonObject get(URI uri) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? new JsonObject(r.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null; // not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long firstOf(List<ServiceProcess> processes, String text) {
        return processes.stream().mapToLong(p -> firstLineTime(p, text).orElse(Long.MAX_VALUE)).min().orElseThrow();
    }

    /** Each service's JVM flags, from its command line. */
    private static String commandLines(List<ServiceProcess> processes) {
        StringBuilder out = new StringBuilder();
        for (ServiceProcess p : processes) {
            String cmd = ProcessHandle.of(p.pid()).flatMap(h -> h.info().arguments())
                    .map(args -> String.join(" ", java.util.Arrays.stream(args).takeWhile(a -> !a.equals("-jar")).toList()))
                    .orElse("?");
            out.append("  ").append(p.name()).append(": ").append(cmd).append('\n');
        }
        return out.toString();
    }

    private static void stopAll(List<ServiceProcess> all) {
        for (ServiceProcess p : all) {
            p.terminate();
        }
        for (ServiceProcess p : all) {
            p.stop();
        }
    }

    /** The logs of an earlier run are replaced. */
    private void deleteOldLogs() throws IOException {
        if (Files.exists(logs)) {
            try (var walk = Files.walk(logs)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
