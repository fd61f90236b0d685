package io.ebbflow.bench;

import io.ebbflow.e2e.JobView;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * JobMaster and ResourceManager failover with default settings, as the Flink peer measured JobManager failover
 * with ZooKeeper HA ({@code shared/peers/flink-1.20/ha}): the exactly-once checker job at parallelism 2 on two
 * TaskExecutors, two JobMasters and two ResourceManagers. Per repetition: kill -9 of the leading JobMaster →
 * the job RUNNING again (every subtask of a run deployed after the kill, REST polled every 20 ms), with the
 * standby's phases from its log; then kill -9 of the leading ResourceManager → the standby leads (its log),
 * and whether the job restarted (it must not).
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "JobMaster and ResourceManager kill -9 failover times (as the Flink ZooKeeper-HA peer measured).")
final class FailoverBenchmark implements Callable<Integer> {

    private static final String JOB = "failover";
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final Pattern TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d)", Pattern.MULTILINE);

    @Option(names = "--repetitions", description = "Repetitions (default ${DEFAULT-VALUE}).")
    int repetitions = 5;

    private final List<Long> jobMasterRunning = new ArrayList<>();
    private final Map<String, List<Long>> jobMasterPhases = new LinkedHashMap<>();
    private final List<Long> resourceManagerLeads = new ArrayList<>();
    private int restartsOnRmFailover;

    @Override
    public Integer call() throws Exception {
        try (LocalCluster cluster = new LocalCluster("bench-failover", 10, List.of())) {
            List<ServiceProcess> rms = new ArrayList<>(List.of(cluster.startResourceManager(), cluster.startResourceManager()));
            cluster.startWebUi();
            cluster.startTaskExecutor("-Dtaskmanager.numberOfTaskSlots=2");
            cluster.startTaskExecutor("-Dtaskmanager.numberOfTaskSlots=2");
            List<ServiceProcess> jms = new ArrayList<>(List.of(cluster.startJobMaster(args(cluster))));
            await(() -> running(cluster) != null && checkpointAfter(cluster, 0), 180);
            jms.add(cluster.startJobMaster(args(cluster)));
            for (int rep = 1; rep <= repetitions; rep++) {
                ServiceProcess standby = jms.get(jms.size() - 1);
                await(() -> standby.output().contains("is a standby"), 120);
                long before = System.currentTimeMillis();
                await(() -> checkpointAfter(cluster, before), 60);
                ServiceProcess leader = jms.stream().filter(ServiceProcess::isAlive)
                        .filter(p -> p.output().contains(" leads with epoch")).findFirst().orElseThrow();
                long killed = System.currentTimeMillis();
                leader.kill();
                await(() -> {
                    JsonObject job = running(cluster);
                    return job != null && startOfRun(job) >= killed;
                }, 120);
                long took = System.currentTimeMillis() - killed;
                jobMasterRunning.add(took);
                String log = standby.output();
                phase("standby sees the leader leave", log, "left the cluster; taking over", killed);
                phase("standby leads", log, " leads with epoch", killed);
                phase("checkpoint chosen", log, "will start from checkpoint", killed);
                phase("deployed", log, "deploys with parallelism", killed);
                System.out.printf("rep %d: JobMaster kill -9 -> RUNNING %d ms%n", rep, took);
                jms.add(cluster.startJobMaster(args(cluster)));

                ServiceProcess rmLeader = rms.stream().filter(ServiceProcess::isAlive)
                        .filter(p -> p.output().contains("leads with epoch")).reduce((a, b) -> b).orElseThrow();
                ServiceProcess rmStandby = rms.stream().filter(p -> p != rmLeader && p.isAlive()).findFirst().orElseThrow();
                long runStart = startOfRun(running(cluster));
                long rmKilled = System.currentTimeMillis();
                rmLeader.kill();
                await(() -> rmStandby.output().contains("leads with epoch"), 60);
                long rmTook = at(rmStandby.output(), "leads with epoch") - rmKilled;
                resourceManagerLeads.add(rmTook);
                long settle = System.currentTimeMillis();
                await(() -> checkpointAfter(cluster, settle), 60);
                JsonObject job = running(cluster);
                if (job == null || startOfRun(job) != runStart) {
                    restartsOnRmFailover++;
                }
                System.out.printf("rep %d: ResourceManager kill -9 -> standby leads %d ms%n", rep, rmTook);
                rms.add(cluster.startResourceManager());
            }
            long violations = Math.max(0, cluster.accumulator(JOB, "violations"));
            System.out.println();
            System.out.println("| kill -9 of the leader → | Ebbflow, defaults (min / median / max, n=" + repetitions + ") |");
            System.out.println("|---|---|");
            System.out.println("| JobMaster: job RUNNING again, every subtask redeployed (REST) | " + stats(jobMasterRunning) + " |");
            jobMasterPhases.forEach((name, ms) -> System.out.println("| … of which " + name + " (standby's log) | "
                    + stats(ms) + " |"));
            System.out.println("| ResourceManager: standby leads (its log) | " + stats(resourceManagerLeads) + " |");
            System.out.println("| job restarts caused by a ResourceManager failover | " + restartsOnRmFailover + " |");
            System.out.println("| checker violations | " + violations + " |");
            return violations == 0 && restartsOnRmFailover == 0 ? 0 : 1;
        }
    }

    private void phase(String name, String log, String marker, long killed) {
        long t = at(log, marker);
        if (t > 0) {
            jobMasterPhases.computeIfAbsent(name, k -> new ArrayList<>()).add(t - killed);
        }
    }

    /** Epoch millis of the last log line containing {@code marker} (today, local time), or -1. */
    private static long at(String log, String marker) {
        int i = log.lastIndexOf(marker);
        if (i < 0) {
            return -1;
        }
        int lineStart = log.lastIndexOf('\n', i) + 1;
        Matcher m = TIME.matcher(log.substring(lineStart, Math.min(log.length(), lineStart + 12)));
        if (!m.find()) {
            return -1;
        }
        return LocalTime.parse(m.group(1)).atDate(LocalDate.now()).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    private static String[] args(LocalCluster cluster) {
        return new String[] {"--job-jar", cluster.home().resolve("examples/target/examples.jar").toString(), "-j", CHECKER,
            "--job-id", JOB, "-p", "2", "--keys", "100", "--rate", "5000"};
    }

    private static JsonObject running(LocalCluster cluster) {
        return JobView.running(cluster, JOB);
    }

    private static long startOfRun(JsonObject job) {
        return JobView.startOfRun(job);
    }

    private static boolean checkpointAfter(LocalCluster cluster, long since) {
        return JobView.checkpointCompletedAfter(cluster, JOB, since);
    }

    private static void await(BooleanSupplier condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("condition not met within " + seconds + " s");
                }
                ticker.schedule(() -> { }, 20, TimeUnit.MILLISECONDS).get();
            }
        } finally {
            ticker.shutdownNow();
        }
    }

    private static String stats(List<Long> ms) {
        if (ms.isEmpty()) {
            return "n/a";
        }
        List<Long> s = ms.stream().sorted().toList();
        return String.format("%.2f / %.2f / %.2f s", s.get(0) / 1000.0, s.get(s.size() / 2) / 1000.0,
                s.get(s.size() - 1) / 1000.0);
    }
}
