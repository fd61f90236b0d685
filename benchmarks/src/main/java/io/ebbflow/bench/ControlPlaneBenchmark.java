package io.ebbflow.bench;

import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.TaskManagerOptions;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.job.VertexDescription;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.SystemClock;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.e2e.TestNode;
import io.ebbflow.jm.JobMasterVerticle;
import io.ebbflow.te.TaskExecutorVerticle;
import io.vertx.core.Future;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The control plane at scale: one real ResourceManager process against many TaskExecutors and jobs.
 *
 * <p>The ResourceManager runs as its own process ({@code java -jar resource-manager.jar}), so its heap
 * and CPU can be measured alone. This process joins the cluster and hosts the simulated TaskExecutors
 * and JobMasters: the real {@link TaskExecutorVerticle} and {@link JobMasterVerticle}, many per JVM,
 * speaking the real protocol over the clustered event bus.
 *
 * <p>Each round deploys all jobs at once; each declares an equal part of the cluster's slots. The
 * latency of a slot is the time from its job declaring its requirement to the job accepting the slot
 * offered by a TaskExecutor (declare → RM match → request to TE → offer → accept). When every job holds
 * its slots, the jobs are stopped and the slots return before the next round.
 */
@Command(name = "control-plane", mixinStandardHelpOptions = true,
        description = "Many TaskExecutors and jobs against one ResourceManager: declaration-to-offer latency, RM heap and CPU.")
final class ControlPlaneBenchmark implements Callable<Integer> {

    @Option(names = "--task-executors", description = "Simulated TaskExecutors (default ${DEFAULT-VALUE}).")
    int taskExecutors = 500;

    @Option(names = "--slots", description = "Slots per TaskExecutor (default ${DEFAULT-VALUE}).")
    int slotsPerTaskExecutor = 4;

    @Option(names = "--jobs", description = "Jobs deployed at once per round (default ${DEFAULT-VALUE}).")
    int jobs = 20;

    @Option(names = "--rounds", description = "Measured rounds (default ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--warmup-rounds", description = "Rounds run first and reported apart (default ${DEFAULT-VALUE}); "
            + "the first round of a fresh cluster runs on cold JVMs.")
    int warmupRounds = 2;

    @Option(names = "--rm-heap", description = "-Xmx of the ResourceManager process (default ${DEFAULT-VALUE}).")
    String rmHeap = "512m";

    @Option(names = "--rm-jvm-flag", description = "An extra JVM flag of the ResourceManager process, after the defaults "
            + "(repeatable; e.g. -XX:StartFlightRecording=filename=rm.jfr to profile it).")
    List<String> rmJvmFlags = new ArrayList<>();

    @Option(names = "--gc-between-rounds", description = "Collect this JVM's garbage before each round (off by default; "
            + "for diagnosis only, the figures in docs/benchmarks.md are without it). This JVM hosts every simulated "
            + "TaskExecutor and JobMaster, so its young collections copy the live objects of 520 services at once; a pause "
            + "that lands in a round delays every slot in flight. Each round reports the GC pauses of both JVMs.")
    boolean gcBetweenRounds;

    @Option(names = "--idle-seconds", description = "Idle time measured with all TaskExecutors heartbeating (default ${DEFAULT-VALUE}).")
    int idleSeconds = 30;

    private final HttpClient http = HttpClient.newHttpClient();
    private URI rmMetricsUrl;

    @Override
    public Integer call() throws Exception {
        int totalSlots = taskExecutors * slotsPerTaskExecutor;
        int perJob = totalSlots / jobs;
        System.out.printf(Locale.ROOT, "control-plane benchmark: %d TaskExecutors x %d slots = %d slots, %d jobs x %d slots,"
                + " %d rounds, machine %d cores, this JVM's garbage collected between rounds: %s%n", taskExecutors,
                slotsPerTaskExecutor, totalSlots, jobs, perJob, rounds, Runtime.getRuntime().availableProcessors(),
                gcBetweenRounds ? "yes" : "no");
        try (LocalCluster cluster = new LocalCluster("bench-control-plane", 4, List.of())) {
            ServiceProcess rm = cluster.start("resource-manager", rmFlags());
            try (TestNode bench = TestNode.join(cluster)) {
                ClusterNode node = bench.node();
                ResourceManagerGateway rmGateway = ResourceManagerGateway.overBus(
                        new BusClient(node.vertx(), Duration.ofSeconds(30), 64L << 20));
                Configuration config = Configuration.defaults().with(TaskManagerOptions.NUM_TASK_SLOTS, slotsPerTaskExecutor);
                ServiceContext context = new ServiceContext(config, node, (code, reason) -> {
                    throw new IllegalStateException("simulated service wanted to exit: " + reason);
                });

                long t0 = System.nanoTime();
                deployTaskExecutors(node, context);
                awaitOverview(rmGateway, o -> o.taskExecutors().size() == taskExecutors, Duration.ofMinutes(10));
                System.out.printf(Locale.ROOT, "%d TaskExecutors registered in %.1f s%n", taskExecutors, seconds(t0));

                double idleCpu0 = ProcessStats.cpuSeconds(rm.pid());
                long idle0 = System.nanoTime();
                sleepSeconds(idleSeconds);
                double idleCpu = ProcessStats.cpuSeconds(rm.pid()) - idleCpu0;
                double idleWall = seconds(idle0);

                List<Long> all = Collections.synchronizedList(new ArrayList<>());
                List<Long> cold = new ArrayList<>();
                List<Double> roundSeconds = new ArrayList<>();
                List<Double> assignCpu = new ArrayList<>();
                double cpu0 = 0;
                long measured0 = 0;
                for (int round = 1 - warmupRounds; round <= rounds; round++) {
                    if (round == 1) {
                        cpu0 = ProcessStats.cpuSeconds(rm.pid());
                        measured0 = System.nanoTime();
                    }
                    List<Long> latencies = new CopyOnWriteArrayList<>();
                    ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();
                    if (gcBetweenRounds) {
                        System.gc();
                    }
                    double rmGc0 = rmGcPauseMillis(rm);
                    long benchGc0 = benchmarkGcMillis();
                    long r0 = System.nanoTime();
                    double roundCpu0 = ProcessStats.cpuSeconds(rm.pid());
                    List<Future<String>> deployments = new ArrayList<>();
                    for (int j = 0; j < jobs; j++) {
                        String jobId = "bench-r" + round + "-j" + j;
                        JobDescription job = new JobDescription(jobId,
                                List.of(new VertexDescription("v", "v", 1, perJob, Math.max(128, perJob), "default")));
                        deployments.add(node.vertx().deployVerticle(new JobMasterVerticle(context, jobId, job,
                                SystemClock.INSTANCE, (id, waited) -> {
                                    latencies.add(waited);
                                    held.merge(id, 1, Integer::sum);
                                })));
                    }
                    List<String> ids = TestNode.await(Future.all(deployments).map(cf -> cf.<String>list()));
                    waitUntil(() -> latencies.size() >= jobs * perJob, Duration.ofMinutes(5));
                    double took = seconds(r0);
                    double roundCpu = ProcessStats.cpuSeconds(rm.pid()) - roundCpu0;
                    long benchGc = benchmarkGcMillis() - benchGc0;
                    double rmGc = rmGcPauseMillis(rm) - rmGc0;
                    List<Long> sorted = new ArrayList<>(latencies);
                    Collections.sort(sorted);
                    if (round >= 1) {
                        roundSeconds.add(took);
                        assignCpu.add(roundCpu);
                        all.addAll(latencies);
                    } else if (cold.isEmpty()) {
                        cold.addAll(sorted);
                    }
                    System.out.printf(Locale.ROOT, "%s %d: %d slots to %d jobs in %.2f s; latency p50 %d ms, p99 %d ms, max %d ms;"
                            + " GC pauses in the round: RM %.0f ms, this JVM %d ms%n",
                            round >= 1 ? "round" : "warm-up", round >= 1 ? round : round + warmupRounds, sorted.size(), jobs,
                            took, pct(sorted, 0.50), pct(sorted, 0.99), sorted.get(sorted.size() - 1), rmGc, benchGc);
                    for (String id : ids) {
                        TestNode.await(node.vertx().undeploy(id));
                    }
                    awaitOverview(rmGateway, o -> o.jobs().isEmpty() && freeSlots(o) == totalSlots, Duration.ofMinutes(5));
                }
                double cpu = ProcessStats.cpuSeconds(rm.pid()) - cpu0;
                double wall = seconds(measured0);
                List<Long> sorted = new ArrayList<>(all);
                Collections.sort(sorted);
                double heapMib = heapUsedMib(rm);
                System.out.println();
                System.out.println("| metric | value |");
                System.out.println("|---|---|");
                row("declaration -> slot accepted, p50", pct(sorted, 0.50) + " ms");
                row("declaration -> slot accepted, p99", pct(sorted, 0.99) + " ms");
                row("declaration -> slot accepted, max", sorted.get(sorted.size() - 1) + " ms");
                row("slots measured", sorted.size() + " (" + rounds + " rounds after " + warmupRounds + " warm-up rounds)");
                if (!cold.isEmpty()) {
                    row("first round on cold JVMs, p50 / p99", pct(cold, 0.50) + " / " + pct(cold, 0.99) + " ms");
                }
                row("round (all jobs hold all slots), median", String.format(Locale.ROOT, "%.2f s", median(roundSeconds)));
                row("RM CPU to assign all slots of a round, median", String.format(Locale.ROOT, "%.2f CPU-s", median(assignCpu)));
                row("RM CPU over all measured rounds (assign and release)", String.format(Locale.ROOT,
                        "%.1f CPU-s over %.1f s (%.0f%% of a core)", cpu, wall, 100 * cpu / wall));
                row("RM CPU idle, " + taskExecutors + " TEs heartbeating", String.format(Locale.ROOT,
                        "%.2f CPU-s over %.0f s (%.1f%% of a core)", idleCpu, idleWall, 100 * idleCpu / idleWall));
                row("RM heap used after the rounds", String.format(Locale.ROOT, "%.0f MiB (-Xmx%s)", heapMib, rmHeap));
                row("RM peak RSS", String.format(Locale.ROOT, "%.0f MiB", ProcessStats.statusMib(rm.pid(), "VmHWM")));
                row("benchmark JVM (simulated TEs and JMs) CPU", String.format(Locale.ROOT, "%.1f CPU-s in total",
                        ProcessStats.cpuSeconds(ProcessHandle.current().pid())));
            }
        }
        return 0;
    }

    private List<String> rmFlags() {
        List<String> flags = new ArrayList<>();
        flags.add("-Xmx" + rmHeap);
        flags.addAll(rmJvmFlags);
        return flags;
    }

    private void deployTaskExecutors(ClusterNode node, ServiceContext context) throws Exception {
        int batch = 50;
        for (int i = 0; i < taskExecutors; i += batch) {
            List<Future<String>> deployments = new ArrayList<>();
            for (int k = i; k < Math.min(taskExecutors, i + batch); k++) {
                deployments.add(node.vertx().deployVerticle(new TaskExecutorVerticle(context, "sim-te-" + k, SystemClock.INSTANCE)));
            }
            TestNode.await(Future.all(deployments));
        }
    }

    private static int freeSlots(ClusterOverview o) {
        return o.taskExecutors().stream().mapToInt(t -> t.freeSlots()).sum();
    }

    /** Polls the ResourceManager's overview every 250 ms: it is a large message, and polling it costs the RM CPU. */
    private static void awaitOverview(ResourceManagerGateway rm, java.util.function.Predicate<ClusterOverview> done,
            Duration timeout) throws Exception {
        waitUntil(250, () -> {
            try {
                return done.test(TestNode.await(rm.clusterOverview()));
            } catch (Exception e) {
                return false;
            }
        }, timeout);
    }

    /** Polls every 20 ms (a benchmark driver, not a test: there is no condition variable to wait on across processes). */
    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        waitUntil(20, condition, timeout);
    }

    private static void waitUntil(long pollMillis, java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark condition not reached within " + timeout);
            }
            Thread.sleep(pollMillis);
        }
    }

    private static void sleepSeconds(int s) throws InterruptedException {
        Thread.sleep(s * 1000L);
    }

    private double heapUsedMib(ServiceProcess rm) throws Exception {
        return rmMetricSum(rm, "jvm_memory_used_bytes{", "area=\"heap\"") / (1 << 20);
    }

    /** The ResourceManager's GC pause time so far (stop-the-world with its serial collector), from its own metrics. */
    private double rmGcPauseMillis(ServiceProcess rm) throws Exception {
        return rmMetricSum(rm, "jvm_gc_pause_seconds_sum{", "") * 1000;
    }

    /** The sum of the ResourceManager's Prometheus samples whose line starts with {@code prefix} and contains {@code part}. */
    private double rmMetricSum(ServiceProcess rm, String prefix, String part) throws Exception {
        if (rmMetricsUrl == null) {
            Matcher m = Pattern.compile("Prometheus metrics at (http://\\S+/metrics)").matcher(Files.readString(rm.log()));
            if (!m.find()) {
                return Double.NaN;
            }
            rmMetricsUrl = URI.create(m.group(1));
        }
        String body = http.send(HttpRequest.newBuilder(rmMetricsUrl).build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(prefix) && line.contains(part)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** This JVM's GC time so far: with the serial collector every collection is a pause. */
    private static long benchmarkGcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(t -> t > 0).sum();
    }

    private static long pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static double seconds(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1e9;
    }

    private static void row(String metric, String value) {
        System.out.println("| " + metric + " | " + value + " |");
    }
}
