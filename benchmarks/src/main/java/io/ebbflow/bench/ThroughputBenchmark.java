package io.ebbflow.bench;

import io.ebbflow.e2e.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * KeyedSum in Ebbflow and the identical job in Apache Flink 1.20's MiniCluster, side by side, at
 * parallelism 1 and 2: each run is its own JVM with the same default JVM settings, runs alternate between
 * the two runtimes, and each prints records/s of the keyed operator over the measured window. Prints a
 * table of records/s per slot (median of the repetitions) and Ebbflow's ratio to Flink.
 *
 * <p>Both runtimes checkpoint every 10 s by default, as in the peer measurement (Flink with its defaults:
 * heap state, checkpoints kept by its JobManager; Ebbflow to files in a temporary directory); on request
 * both also run without checkpoints, and Flink also with object reuse (what Ebbflow does: chained
 * operators share the record). The ratio compares runs at the same checkpoint interval.
 *
 * <p>Needs {@code mvn package} (benchmarks.jar and benchmarks-flink/target/classpath.txt) and is run from
 * the repository root.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "KeyedSum records/s per slot in Ebbflow and in Apache Flink's MiniCluster, p=1 and p=2.")
final class ThroughputBenchmark implements Callable<Integer> {

    /** Flink 1.20's default {@code env.java.opts.all}: the module openings its runtime needs on Java 17. */
    static final List<String> FLINK_JAVA_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    @Option(names = "--repetitions", description = "Runs per runtime and parallelism (default ${DEFAULT-VALUE}).")
    int repetitions = 3;

    @Option(names = "--warmup-seconds", description = "Warm-up after the first record (default ${DEFAULT-VALUE}).")
    int warmupSeconds = 10;

    @Option(names = "--measure-seconds", description = "Measured window (default ${DEFAULT-VALUE}).")
    int measureSeconds = 30;

    @Option(names = "--keys", description = "Distinct keys (default ${DEFAULT-VALUE}).")
    int keys = 10_000;

    @Option(names = "--checkpoint-interval-ms",
            description = "Both runtimes checkpoint at this interval, as the peer measurement did (0 = no checkpoints; "
                    + "default ${DEFAULT-VALUE}).")
    long checkpointMillis = 10_000;

    @Option(names = "--also-without-checkpoints",
            description = "Also run both runtimes without checkpoints (what checkpointing costs each).")
    boolean alsoWithoutCheckpoints;

    @Option(names = "--flink-object-reuse", description = "Also run Flink with object reuse (what Ebbflow does).")
    boolean flinkObjectReuse;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("ebbflow.home", ".")).toAbsolutePath().normalize();
        Path benchmarksJar = home.resolve("benchmarks/target/benchmarks.jar");
        String flinkClasspath = MeasurementJvm.flinkClasspath(home);
        if (flinkClasspath == null) {
            return 2;
        }

        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int rep = 0; rep < repetitions; rep++) {
            for (int p = 1; p <= 2; p++) {
                List<Long> intervals = alsoWithoutCheckpoints && checkpointMillis > 0 ? List.of(checkpointMillis, 0L)
                        : List.of(checkpointMillis);
                for (long interval : intervals) {
                    record(results, run(ours(benchmarksJar, p, interval), home));
                    record(results, run(flink(flinkClasspath, p, interval, false), home));
                    if (flinkObjectReuse) {
                        record(results, run(flink(flinkClasspath, p, interval, true), home));
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| runtime | parallelism | records/s (min / median / max, n=" + repetitions
                + ") | records/s per slot (median) | Ebbflow / this (median) |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            List<Result> rs = e.getValue();
            Result any = rs.get(0);
            double median = median(rs);
            // Like with like: Ebbflow at the same checkpoint interval.
            String suffix = any.runtime.contains("-checkpoint-") ? any.runtime.substring(any.runtime.indexOf("-checkpoint-")) : "";
            double ebbflow = median(results.getOrDefault("ebbflow" + suffix + "/" + any.parallelism, List.of()));
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %.2f M | %s |%n", any.runtime, any.parallelism, stats(rs),
                    median / any.parallelism / 1e6, any.runtime.equals("ebbflow") ? "" : String.format(Locale.ROOT,
                            "**%.2f**", ebbflow / median));
        }
        return 0;
    }

    private List<String> ours(Path benchmarksJar, int parallelism, long checkpointMillis) {
        return new ArrayList<>(List.of(ServiceProcess.javaExecutable(), "-jar", benchmarksJar.toString(), "keyed-sum-run",
                "--parallelism", Integer.toString(parallelism), "--warmup-seconds", Integer.toString(warmupSeconds),
                "--measure-seconds", Integer.toString(measureSeconds), "--keys", Integer.toString(keys),
                "--checkpoint-interval-ms", Long.toString(checkpointMillis)));
    }

    private List<String> flink(String classpath, int parallelism, long checkpointMillis, boolean objectReuse) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServiceProcess.javaExecutable());
        cmd.addAll(FLINK_JAVA_OPTS);
        cmd.addAll(List.of("-cp", classpath, "io.ebbflow.bench.flink.FlinkKeyedSum", Integer.toString(parallelism),
                Integer.toString(warmupSeconds), Integer.toString(measureSeconds), Integer.toString(keys),
                Long.toString(checkpointMillis), Boolean.toString(objectReuse)));
        return cmd;
    }

    private static void record(Map<String, List<Result>> results, Result r) {
        results.computeIfAbsent(r.runtime + "/" + r.parallelism, k -> new ArrayList<>()).add(r);
    }

    /** Runs one measurement JVM and parses its RESULT line. */
    private Result run(List<String> command, Path home) throws IOException, InterruptedException {
        Map<String, String> fields = MeasurementJvm.run(command, home, warmupSeconds + measureSeconds + 120L);
        return new Result(fields.get("runtime"), Integer.parseInt(fields.get("parallelism")),
                Double.parseDouble(fields.get("rate")));
    }

    private record Result(String runtime, int parallelism, double rate) {
    }

    private static double median(List<Result> rs) {
        if (rs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> v = rs.stream().map(Result::rate).sorted().toList();
        return v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
    }

    private static String stats(List<Result> rs) {
        List<Double> v = rs.stream().map(Result::rate).sorted().toList();
        return String.format(Locale.ROOT, "%.2f M / %.2f M / %.2f M", v.get(0) / 1e6, median(rs) / 1e6,
                v.get(v.size() - 1) / 1e6);
    }
}
