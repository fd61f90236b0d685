package io.ebbflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ebbflow's built-in scaling policy and Apache Flink's own autoscaler (flink-autoscaler 1.10.0, driven from outside
 * through the REST API) on the same load profiles, each on a cluster of its own, with the same
 * {@code job.autoscaler.*} options. Writes a CSV per run and a PNG per profile to {@code --out} and prints the
 * comparison table (also written to {@code summary.md} there).
 */
@Command(name = "autoscaler-compare", mixinStandardHelpOptions = true,
        description = "Ebbflow's scaling policy against Flink's autoscaler on step-up, step-down, sine and spike loads.")
final class AutoscalerCompareBenchmark implements Callable<Integer> {

    /** The options both sides get (Flink's keys; the same meaning on both sides). */
    static final Map<String, String> OPTIONS = options();

    /**
     * Options of Flink's autoscaler that Ebbflow's policy has no use for (and its configuration refuses): how long
     * Flink's autoscaler expects a rescale to take (its default, 5 minutes, is longer than the catch-up duration).
     */
    static final Map<String, String> FLINK_ONLY_OPTIONS = Map.of("job.autoscaler.restart.time", "10s");

    @Option(names = "--profiles", split = ",", description = "Load profiles (default: ${DEFAULT-VALUE}).")
    List<String> profiles = LoadProfile.NAMES;

    @Option(names = "--time-scale", description = "Multiplies the profiles' durations, e.g. 0.3 for a trial run "
            + "(default ${DEFAULT-VALUE}).")
    double timeScale = 1.0;

    @Option(names = "--sequential", description = "Run the two sides one after the other instead of at the same time.")
    boolean sequential;

    @Option(names = "--out", description = "Where the CSVs, PNGs and summary go (default ${DEFAULT-VALUE}).")
    Path out = Path.of("docs/benchmarks/autoscaler");

    @Option(names = "--cost-us", description = "The slow call's time per record, waited, not spun (default ${DEFAULT-VALUE}).")
    int costMicros = 1000;

    @Option(names = "--subtask-capacity", description = "Records/s one slow-call subtask reads at 100%% busy, for the "
            + "band of needed parallelism in the table (default ${DEFAULT-VALUE}: what both autoscalers measured at 1 ms "
            + "per record; the wait overshoots and each record has its own small cost).")
    double subtaskCapacity = 860;

    @Option(names = "--interval", description = "How often each autoscaler decides (default ${DEFAULT-VALUE}).")
    String interval = "5s";

    @Option(names = "--task-executors", description = "TaskExecutors per cluster (default ${DEFAULT-VALUE}).")
    int taskExecutors = 2;

    @Option(names = "--slots", description = "Slots per TaskExecutor (default ${DEFAULT-VALUE}).")
    int slots = 4;

    @Option(names = "-D", mapFallbackValue = "", description = "Overrides one of the job.autoscaler.* options of both sides.")
    Map<String, String> overrides = new LinkedHashMap<>();

    private static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("job.autoscaler.target.utilization", "0.7");
        o.put("job.autoscaler.target.utilization.boundary", "0.2");
        o.put("job.autoscaler.metrics.window", "30s");
        o.put("job.autoscaler.stabilization.interval", "15s");
        o.put("job.autoscaler.scale-down.interval", "60s");
        o.put("job.autoscaler.catch-up.duration", "60s");
        o.put("job.autoscaler.backlog-processing.lag-threshold", "30s");
        o.put("job.autoscaler.scale-up.max-factor", "100000.0");
        o.put("job.autoscaler.scale-down.max-factor", "0.6");
        o.put("job.autoscaler.vertex.min-parallelism", "1");
        o.put("job.autoscaler.vertex.max-parallelism", "8");
        return java.util.Collections.unmodifiableMap(o);
    }

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("ebbflow.home", ".")).toAbsolutePath().normalize();
        String flinkClasspath = MeasurementJvm.flinkClasspath(home);
        if (flinkClasspath == null) {
            return 2;
        }
        Map<String, String> options = new LinkedHashMap<>(OPTIONS);
        options.putAll(overrides);
        double perSubtask = subtaskCapacity * 1000.0 / costMicros;
        double target = Double.parseDouble(options.get("job.autoscaler.target.utilization"));
        double boundary = Double.parseDouble(options.get("job.autoscaler.target.utilization.boundary"));
        AutoscalerRun.Settings settings = new AutoscalerRun.Settings(options, interval, costMicros, taskExecutors, slots,
                64, 8, home, out, flinkClasspath, FLINK_ONLY_OPTIONS);
        System.out.println("options of both sides: " + options + ", of Flink's only: " + FLINK_ONLY_OPTIONS + ", decision interval " + interval + ", "
                + taskExecutors + " x " + slots + " slots per cluster, " + costMicros + " us per record, sides "
                + (sequential ? "one after the other" : "at the same time"));
        List<String> rows = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(sequential ? 1 : 2);
        try {
            for (String name : profiles) {
                LoadProfile profile = LoadProfile.named(name, timeScale);
                Map<String, Future<AutoscalerRun.Result>> runs = new LinkedHashMap<>();
                for (AutoscalerRun.Side side : AutoscalerRun.Side.values()) {
                    runs.put(side.label, pool.submit(() -> new AutoscalerRun(side, profile, settings).run()));
                }
                Map<String, List<AutoscalerSample>> samples = new LinkedHashMap<>();
                for (Map.Entry<String, Future<AutoscalerRun.Result>> run : runs.entrySet()) {
                    AutoscalerRun.Result r;
                    try {
                        r = run.getValue().get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        e.getCause().printStackTrace();
                        rows.add("| " + name + " | " + run.getKey() + " | failed: " + e.getCause().getMessage()
                                .lines().findFirst().orElse("") + " |");
                        continue;
                    }
                    samples.put(run.getKey(), r.samples());
                    String row = AutoscalerSummary.of(profile, r.samples(), r.rescales(), r.restarts(), r.violations(),
                            perSubtask, target, boundary).row(name, run.getKey());
                    rows.add(row);
                    System.out.println(row);
                }
                if (!samples.isEmpty()) {
                    AutoscalerPlots.write(out.resolve(name + ".png"), name, samples);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        String table = AutoscalerSummary.TABLE_HEADER + "\n" + String.join("\n", rows) + "\n";
        System.out.println();
        System.out.print(table);
        Files.writeString(out.resolve("summary.md"), table);
        return 0;
    }
}
