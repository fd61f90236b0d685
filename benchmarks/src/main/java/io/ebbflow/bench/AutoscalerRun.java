package io.ebbflow.bench;

import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One side of the autoscaler comparison on one load profile: a cluster of real processes (ResourceManager, web-ui,
 * JobMaster with the adaptive scheduler, TaskExecutors) running the VariableLoad job with the exactly-once checker,
 * sized either by the JobMaster's built-in policy ({@link Side#EBBFLOW}) or by Flink's autoscaler from outside
 * ({@link Side#FLINK}: the policy off, {@code FlinkAutoscalerDriver} of benchmarks-flink in its own JVM). The load
 * follows the profile second by second (the job's rate file); every second the job is sampled over REST.
 */
final class AutoscalerRun {

    enum Side {
        EBBFLOW("ebbflow policy"), FLINK("flink autoscaler");

        final String label;

        Side(String label) {
            this.label = label;
        }
    }

    /** The job's id: 32 hex digits, as Flink's client parses job ids. */
    static final String JOB_ID = "0ebbf10a000000000000000000000016";

    /** What both sides share. */
    record Settings(Map<String, String> autoscalerOptions, String interval, int costMicros, int taskExecutors,
            int slotsPerTaskExecutor, int keys, int splits, Path home, Path out, String flinkClasspath,
            Map<String, String> flinkOnlyOptions) {
    }

    /** What a run left behind. */
    record Result(List<AutoscalerSample> samples, int rescales, int restarts, long violations) {
    }

    private final Side side;
    private final LoadProfile profile;
    private final Settings settings;

    AutoscalerRun(Side side, LoadProfile profile, Settings settings) {
        this.side = side;
        this.profile = profile;
        this.settings = settings;
    }

    Result run() throws Exception {
        String name = "autoscaler-" + profile.name() + "-" + side.name().toLowerCase(Locale.ROOT);
        Path dir = Files.createTempDirectory(name);
        Path rateFile = dir.resolve("rate");
        Files.writeString(rateFile, rate(0));
        try (LocalCluster cluster = new LocalCluster(name, settings.taskExecutors() + 4, List.of())) {
            cluster.startResourceManager();
            cluster.startWebUi();
            for (int i = 1; i <= settings.taskExecutors(); i++) {
                cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-" + i,
                        "-Dtaskmanager.numberOfTaskSlots=" + settings.slotsPerTaskExecutor());
            }
            List<String> jm = new ArrayList<>(List.of("--job-jar", settings.home().resolve("examples/target/examples.jar")
                    .toString(), "-j", "io.ebbflow.examples.load.VariableLoad", "--job-id", JOB_ID,
                    "-p", Integer.toString(profile.initialParallelism()),
                    "-Djobmanager.autoscaler.enabled=" + (side == Side.EBBFLOW),
                    "-Djobmanager.autoscaler.interval=" + settings.interval(),
                    "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                    // Both autoscalers round a keyed vertex's parallelism up to a divisor of its key groups: with 60
                    // (1, 2, 3, 4, 5, 6, 10, ...) rather than the default 128 (1, 2, 4, 8, ...) that costs few slots.
                    "-Dpipeline.max-parallelism=60"));
            settings.autoscalerOptions().forEach((k, v) -> jm.add("-D" + k + "=" + v));
            jm.addAll(List.of("--rate-file", rateFile.toString(), "--rate", rate(0), "--cost-us",
                    Integer.toString(settings.costMicros()), "--keys", Integer.toString(settings.keys()), "--splits",
                    Integer.toString(settings.splits()), "--checkpoint-interval", "1000", "--check",
                    // As a queue: a rescale's downtime adds to the backlog, which the rescaled job must catch up.
                    "--keep-backlog"));
            ServiceProcess jobMaster = cluster.startJobMaster(jm.toArray(String[]::new));
            JobSampler sampler = new JobSampler(cluster, JOB_ID);
            awaitRunning(sampler, cluster, jobMaster);
            Process driver = side == Side.FLINK ? startDriver(cluster, name) : null;
            try {
                List<AutoscalerSample> samples = new ArrayList<>();
                List<String> decisions = new ArrayList<>();
                long lastDecision = -1;
                long start = System.nanoTime();
                for (int second = 0; second < profile.seconds(); second++) {
                    Files.writeString(rateFile, rate(second));
                    samples.add(sampler.sample((System.nanoTime() - start) / 1e9, profile.rate().applyAsDouble(second)));
                    if (side == Side.EBBFLOW) {
                        lastDecision = latestDecision(cluster, second, lastDecision, decisions);
                    }
                    long next = start + TimeUnit.SECONDS.toNanos(second + 1);
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                int[] history = history(cluster);
                long violations = cluster.accumulator(JOB_ID, "violations");
                AutoscalerSample.write(settings.out().resolve(name + ".csv"), samples);
                if (side == Side.EBBFLOW) {
                    Files.write(settings.out().resolve(name + "-decisions.txt"), decisions);
                }
                return new Result(samples, history[0], history[1], violations);
            } finally {
                if (driver != null) {
                    driver.destroy();
                    if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                        driver.destroyForcibly();
                    }
                }
            }
        }
    }

    /**
     * Every decision of the built-in policy, holds included (only rescales reach the history), from
     * {@code GET /jobs/:id/rescales/overview}: appended to {@code out} as "second: decision" when it is new.
     */
    private static long latestDecision(LocalCluster cluster, int second, long last, List<String> out) {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB_ID + "/rescales/overview");
        JsonObject a = r.ok() ? r.json().getJsonObject("autoscaler") : null;
        if (a == null || a.getString("lastDecision") == null) {
            return last;
        }
        long at = a.getLong("lastDecisionTimestamp", -1L);
        if (at != last) {
            out.add(second + " s: " + a.getString("lastDecision"));
        }
        return at;
    }

    private String rate(int second) {
        return String.format(Locale.ROOT, "%.0f", profile.rate().applyAsDouble(second));
    }

    private void awaitRunning(JobSampler sampler, LocalCluster cluster, ServiceProcess jobMaster) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && jobMaster.isAlive()) {
            AutoscalerSample s = sampler.sample(0, 0);
            if (s.running() && s.slowCall() == profile.initialParallelism()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(side + " " + profile.name() + ": the job did not run at parallelism "
                + profile.initialParallelism() + " within 3 minutes (or its JobMaster exited); logs:" + cluster.logs());
    }

    /** Flink's autoscaler, in a JVM of its own with Flink's class path; its output goes beside the cluster's logs. */
    private Process startDriver(LocalCluster cluster, String name) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServiceProcess.javaExecutable());
        cmd.addAll(List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(ThroughputBenchmark.FLINK_JAVA_OPTS);
        cmd.addAll(List.of("-cp", settings.flinkClasspath(), "io.ebbflow.bench.flink.autoscaler.FlinkAutoscalerDriver",
                "--rest", "http://127.0.0.1:" + cluster.restPort(), "--job", JOB_ID, "--token-file",
                cluster.restTokenFile().toString(), "--interval", settings.interval()));
        settings.autoscalerOptions().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        settings.flinkOnlyOptions().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        Path log = Path.of(System.getProperty("ebbflow.e2e.logs", "target/e2e-logs")).resolve(name)
                .resolve("flink-autoscaler-driver.log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return p;
    }

    /** Completed rescales and restarts, from the JobMaster's rescale history. */
    private static int[] history(LocalCluster cluster) {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB_ID + "/rescales/history");
        if (!r.ok()) {
            return new int[] {-1, -1};
        }
        int rescales = 0;
        int restarts = 0;
        JsonArray entries = r.json().getJsonArray("rescales");
        for (Object o : entries) {
            JsonObject e = (JsonObject) o;
            if ("COMPLETED".equals(e.getString("terminalState"))) {
                if ("RESTART".equals(e.getString("type"))) {
                    restarts++;
                } else {
                    rescales++;
                }
            }
        }
        return new int[] {rescales, restarts};
    }
}
