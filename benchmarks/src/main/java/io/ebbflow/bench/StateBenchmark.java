package io.ebbflow.bench;

import io.ebbflow.e2e.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Checkpoint duration and restore speed of keyed heap state of about 10 MB, 100 MB and 1 GB, in Ebbflow and
 * in Apache Flink 1.20's MiniCluster with its heap state backend, the same job in both, each run in a JVM
 * of its own with the same heap. Prints a table: state size, checkpoint duration (median of three), the
 * rate it implies (MB/s), the synchronous pause and asynchronous part (longest over the subtasks, median
 * of the three checkpoints, from each runtime's own checkpoint statistics), restore time and restore rate.
 *
 * <p>Needs {@code mvn package} and is run from the repository root.
 */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = "Checkpoint and restore of ~10 MB / 100 MB / 1 GB keyed state in Ebbflow and in Apache Flink.")
final class StateBenchmark implements Callable<Integer> {

    @Option(names = "--sizes-mb", split = ",", description = "Approximate state sizes in MB (default ${DEFAULT-VALUE}).")
    List<Integer> sizes = List.of(10, 100, 1000);

    @Option(names = "--parallelism", description = "Parallelism of both jobs (default ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "--heap", description = "-Xmx of every run (default ${DEFAULT-VALUE}).")
    String heap = "8g";

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("ebbflow.home", ".")).toAbsolutePath().normalize();
        Path benchmarksJar = home.resolve("benchmarks/target/benchmarks.jar");
        String flinkClasspath = MeasurementJvm.flinkClasspath(home);
        if (flinkClasspath == null) {
            return 2;
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (int mb : sizes) {
            long keys = mb * 10_000L; // about 100 bytes of serialized state per key
            List<String> ours = new ArrayList<>(List.of(ServiceProcess.javaExecutable(), "-Xmx" + heap, "-Xms" + heap,
                    "-XX:+UseParallelGC", "-jar", benchmarksJar.toString(), "state-run", "--keys", Long.toString(keys),
                    "--parallelism", Integer.toString(parallelism)));
            rows.add(run(ours, home));
            List<String> flink = new ArrayList<>(List.of(ServiceProcess.javaExecutable(), "-Xmx" + heap, "-Xms" + heap,
                    "-XX:+UseParallelGC"));
            flink.addAll(ThroughputBenchmark.FLINK_JAVA_OPTS);
            flink.addAll(List.of("-cp", flinkClasspath, "io.ebbflow.bench.flink.FlinkStateRun", Long.toString(keys),
                    Integer.toString(parallelism), "3"));
            rows.add(run(flink, home));
        }
        System.out.println();
        System.out.println("| runtime | keys | state (MB) | checkpoint (median of 3) | checkpoint MB/s | sync pause, max over "
                + "subtasks (median of 3) | async part, max over subtasks (median) | restore | restore MB/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map<String, String> r : rows) {
            double mbytes = Long.parseLong(r.get("state_bytes")) / 1e6;
            long cp = Long.parseLong(r.get("checkpoint_ms"));
            long restore = Long.parseLong(r.get("restore_ms"));
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %d ms | %.0f | %s ms %s | %s ms | %d ms | %.0f |%n",
                    r.get("runtime"), r.get("keys"), mbytes, cp, mbytes / Math.max(1, cp) * 1000, r.get("sync_ms"),
                    r.get("sync_ms_all"), r.get("async_ms"), restore, mbytes / Math.max(1, restore) * 1000);
        }
        return 0;
    }

    private static Map<String, String> run(List<String> command, Path home) throws IOException, InterruptedException {
        return MeasurementJvm.run(command, home, 30 * 60);
    }
}
