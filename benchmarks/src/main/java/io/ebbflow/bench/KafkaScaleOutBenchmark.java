package io.ebbflow.bench;

import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.kafkalocal.KafkaLocal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scale-out p=1 → 2 → 4 of the Kafka benchmark's job (Kafka → keyBy → count → Kafka, checkpoints every 10 s) on one
 * real broker, in Ebbflow and in Apache Flink 1.20, by adding workers of one slot: one at the start, one more (p=2),
 * then two more at once (p=4). The input topic (8 partitions) is filled once with more records than a run reads, and
 * every run reads it from the earliest offset, so the job is never short of input: its rate is what it can do.
 *
 * <p>Ebbflow: a cluster of real processes ({@link LocalCluster}: ResourceManager, web-ui, a JobMaster in reactive mode
 * running {@code io.ebbflow.examples.kafka.KafkaCount} from {@code examples-kafka.jar}, TaskExecutors of one slot,
 * each its own JVM started as {@code bin/ebbflow} starts one). Flink: {@code FlinkKafkaScaleOut}, a MiniCluster with
 * the adaptive scheduler and TaskManagers of one slot in one JVM. Both: the same cooldown after a rescale
 * ({@code --cooldown-seconds}), the counting operator's records-in sampled every 100 ms by the job itself
 * ({@link ScaleOutSamples}). Per step: the new workers' launch → registered (Ebbflow: each TaskExecutor's log; Flink:
 * the ResourceManager's overview), registered → every subtask RUNNING at the new parallelism (Ebbflow: REST
 * {@code /jobs/:id}; Flink: the execution graph; both polled every 10 ms), the longest pause in records-in from the
 * first new worker's registration until 3 s after RUNNING, and records/s over {@code --measure-seconds} before the
 * step and after it ({@code --settle-seconds} after RUNNING at the earliest, ending where the next step starts).
 */
@Command(name = "kafka-scale-out", mixinStandardHelpOptions = true,
        description = "Kafka -> keyBy -> count -> Kafka scaled out p=1 -> 2 -> 4 in Ebbflow and in Apache Flink 1.20.")
final class KafkaScaleOutBenchmark implements Callable<Integer> {

    private static final String JOB = "kafka-scale-out";
    private static final String JOB_CLASS = "io.ebbflow.examples.kafka.KafkaCount";
    private static final long SAMPLE_MILLIS = 100;
    private static final int[] STEPS = {2, 4};
    /** The pause is looked for from the first new worker's registration until this long after all RUNNING. */
    private static final long PAUSE_TAIL_MILLIS = 3000;

    @Option(names = "--repetitions", description = "Runs per runtime (default ${DEFAULT-VALUE}).")
    int repetitions = 3;

    @Option(names = "--records", description = "Records in the input topic (default ${DEFAULT-VALUE}).")
    long records = 80_000_000;

    @Option(names = "--partitions", description = "Partitions of the input topic (default ${DEFAULT-VALUE}).")
    int partitions = 8;

    @Option(names = "--keys", description = "Distinct keys (default ${DEFAULT-VALUE}).")
    int keys = 10_000;

    @Option(names = "--guarantee", description = "The sink's delivery guarantee (default ${DEFAULT-VALUE}).")
    String guarantee = "EXACTLY_ONCE";

    @Option(names = "--checkpoint-interval-ms", description = "Both runtimes checkpoint at this interval (default ${DEFAULT-VALUE}).")
    long checkpointMillis = 10_000;

    @Option(names = "--cooldown-seconds", description = "Both runtimes' cooldown after a rescale: Ebbflow's "
            + "executing.cooldown-after-rescaling, Flink 1.20's scaling-interval.min (default ${DEFAULT-VALUE}).")
    int cooldownSeconds = 0;

    @Option(names = "--warmup-seconds", description = "At p=1 after the first record, before the measured window (default ${DEFAULT-VALUE}).")
    int warmupSeconds = 10;

    @Option(names = "--settle-seconds", description = "After a rescale's RUNNING, before the measured window (default ${DEFAULT-VALUE}).")
    int settleSeconds = 5;

    @Option(names = "--measure-seconds", description = "Each measured window (default ${DEFAULT-VALUE}).")
    int measureSeconds = 10;

    @Option(names = "--runtimes", split = ",", description = "Runtimes to run (default ${DEFAULT-VALUE}).")
    List<String> runtimes = List.of("ebbflow", "flink");

    /** Per runtime, per figure name: one value per run. */
    private final Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();
    private final Map<String, List<String>> seen = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("ebbflow.home", ".")).toAbsolutePath().normalize();
        String flinkClasspath = MeasurementJvm.flinkClasspath(home);
        if (flinkClasspath == null) {
            return 2;
        }
        Path dir = Files.createTempDirectory("ebbflow-kafka-scale-out-");
        try (KafkaLocal broker = KafkaLocal.start(dir.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            System.out.println("Broker " + bootstrap + " (pid " + broker.pid() + ")");
            KafkaBenchmark.fill(bootstrap, "in", partitions, records);
            int run = 0;
            for (int rep = 1; rep <= repetitions; rep++) {
                for (String runtime : runtimes) {
                    String out = "out-" + run++;
                    io.ebbflow.examples.kafka.OrderProducer.createTopics(bootstrap, partitions, out);
                    Path samples = Files.createDirectories(dir.resolve("samples-" + run));
                    Map<String, String> instants = runtime.equals("flink")
                            ? flink(home, flinkClasspath, bootstrap, out, samples)
                            : ebbflow(rep, bootstrap, out, samples);
                    analyse(instants, ScaleOutSamples.read(samples, SAMPLE_MILLIS));
                }
            }
        } finally {
            io.ebbflow.runtime.checkpoint.CheckpointStorage.discard(dir.resolve("broker"));
            System.out.println("Records-in samples of each run kept in " + dir);
        }
        printTable();
        return 0;
    }

    private Map<String, String> ebbflow(int rep, String bootstrap, String out, Path samples) throws Exception {
        Map<String, String> at = new LinkedHashMap<>();
        at.put("runtime", "ebbflow");
        try (LocalCluster cluster = new LocalCluster("bench-kafka-scale-out-" + rep, 8, List.of())) {
            cluster.startResourceManager();
            cluster.startWebUi();
            at.put("submitted", Long.toString(System.currentTimeMillis()));
            cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples-kafka.jar").toString(),
                    "-j", JOB_CLASS, "--job-id", JOB, "-Dscheduler-mode=reactive",
                    "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=" + cooldownSeconds + "s",
                    "--bootstrap-servers", bootstrap, "--in", "in", "--out", out, "--group-id", "ebbflow-" + out,
                    "--transactional-id-prefix", "ebbflow-" + out, "--keys", Integer.toString(keys),
                    "--guarantee", guarantee, "--checkpoint-interval-ms", Long.toString(checkpointMillis),
                    "--samples-dir", samples.toString());
            List<ServiceProcess> taskExecutors = new ArrayList<>();
            taskExecutors.add(taskExecutor(cluster, 1));
            awaitRunningAt(cluster, 1, new TreeSet<>());
            while (ScaleOutSamples.read(samples, SAMPLE_MILLIS).records(0, Long.MAX_VALUE) == 0) {
                Thread.sleep(10);
            }
            at.put("first_record", Long.toString(System.currentTimeMillis()));
            sleepUntil(System.currentTimeMillis() + (warmupSeconds + measureSeconds) * 1000L);
            for (int to : STEPS) {
                long start = System.currentTimeMillis();
                List<ServiceProcess> added = new ArrayList<>();
                for (int i = taskExecutors.size() + 1; i <= to; i++) {
                    added.add(taskExecutor(cluster, i));
                }
                taskExecutors.addAll(added);
                TreeSet<Integer> parallelisms = new TreeSet<>();
                long running = awaitRunningAt(cluster, to, parallelisms);
                List<Long> registered = added.stream()
                        .map(te -> ReactiveBenchmark.logTime(te, "registered with the ResourceManager")).sorted().toList();
                at.put("start_" + to, Long.toString(start));
                at.put("first_registered_" + to, Long.toString(registered.get(0)));
                at.put("registered_" + to, Long.toString(registered.get(registered.size() - 1)));
                at.put("running_" + to, Long.toString(running));
                at.put("seen_" + to, String.join("+", parallelisms.stream().map(String::valueOf).toList()));
                sleepUntil(System.currentTimeMillis() + (settleSeconds + measureSeconds) * 1000L);
            }
            at.put("end", Long.toString(System.currentTimeMillis()));
            printHistory(cluster);
        }
        System.out.println("RESULT " + String.join(" ", at.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        return at;
    }

    /** A TaskExecutor of one slot with the heap and JIT {@code bin/ebbflow} gives one (512 MiB, C2). */
    private static ServiceProcess taskExecutor(LocalCluster cluster, int i) throws Exception {
        return cluster.start("task-executor", List.of("-Xmx512m", "-XX:TieredStopAtLevel=4"),
                "-Dtaskmanager.resource-id=te-" + i, "-Dtaskmanager.numberOfTaskSlots=1");
    }

    /**
     * Waits until the job runs with every vertex at parallelism {@code p} and all its subtasks RUNNING (REST, every
     * 10 ms); notes every parallelism it saw running fully meanwhile. Returns when (epoch ms).
     */
    private static long awaitRunningAt(LocalCluster cluster, int p, TreeSet<Integer> seenRunning) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            LocalCluster.Response r = cluster.get("/jobs/" + JOB);
            int at = r.ok() ? runningParallelism(r.json()) : 0;
            if (at > 0) {
                seenRunning.add(at);
                if (at == p) {
                    return System.currentTimeMillis();
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the job did not run at parallelism " + p + " within 180 s; logs:" + cluster.logs());
    }

    /** The parallelism every vertex runs at with all subtasks RUNNING, or 0 if the job is not in that state. */
    private static int runningParallelism(JsonObject job) {
        if (!"RUNNING".equals(job.getString("state"))) {
            return 0;
        }
        int p = -1;
        for (Object o : job.getJsonArray("vertices")) {
            JsonObject v = (JsonObject) o;
            if ((p != -1 && v.getInteger("parallelism") != p) || !"RUNNING".equals(v.getString("status"))) {
                return 0;
            }
            p = v.getInteger("parallelism");
        }
        return Math.max(p, 0);
    }

    /** The JobMaster's account of the run's rescales: parallelism, duration and phases, records read again. */
    private static void printHistory(LocalCluster cluster) {
        JsonArray entries = cluster.get("/jobs/" + JOB + "/rescales/history").json().getJsonArray("rescales");
        for (int i = entries.size() - 1; i >= 0; i--) { // oldest first
            JsonObject e = entries.getJsonObject(i);
            StringBuilder phases = new StringBuilder();
            for (Object o : e.getJsonArray("phases", new JsonArray())) {
                JsonObject ph = (JsonObject) o;
                phases.append(' ').append(ph.getString("name")).append('=').append(ph.getLong("durationMs"));
            }
            System.out.printf(Locale.ROOT, "  rescale %s %s -> %s: %s, %d ms (%s ), records read again %s%n",
                    e.getString("type"), e.getJsonObject("parallelismBefore"), e.getJsonObject("parallelismAfter"),
                    e.getString("terminalState"), e.getLong("durationMs"), phases, e.getLong("reprocessedRecords"));
        }
    }

    private Map<String, String> flink(Path home, String classpath, String bootstrap, String out, Path samples)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServiceProcess.javaExecutable());
        cmd.addAll(ThroughputBenchmark.FLINK_JAVA_OPTS);
        cmd.addAll(List.of("-cp", classpath, "io.ebbflow.bench.flink.FlinkKafkaScaleOut", bootstrap, "in", out,
                Integer.toString(keys), guarantee, Long.toString(checkpointMillis), Integer.toString(cooldownSeconds),
                Integer.toString(warmupSeconds), Integer.toString(settleSeconds), Integer.toString(measureSeconds),
                samples.resolve("records-in-flink.csv").toString()));
        return MeasurementJvm.run(cmd, home, 600);
    }

    /** One run's figures per step, from its instants and its records-in samples. */
    private void analyse(Map<String, String> at, ScaleOutSamples samples) {
        String runtime = at.get("runtime");
        Map<String, List<Double>> f = figures.computeIfAbsent(runtime, k -> new LinkedHashMap<>());
        long measure = measureSeconds * 1000L;
        long windowEnd = Long.parseLong(at.get("start_" + STEPS[0]));
        add(f, "rate p=1", samples.rate(windowEnd - measure, windowEnd));
        for (int i = 0; i < STEPS.length; i++) {
            int to = STEPS[i];
            long start = Long.parseLong(at.get("start_" + to));
            long firstRegistered = Long.parseLong(at.get("first_registered_" + to));
            long registered = Long.parseLong(at.get("registered_" + to));
            long running = Long.parseLong(at.get("running_" + to));
            long next = i + 1 < STEPS.length ? Long.parseLong(at.get("start_" + STEPS[i + 1])) : Long.parseLong(at.get("end"));
            add(f, "launch -> registered p=" + to, firstRegistered - start);
            add(f, "registered -> RUNNING p=" + to, running - registered);
            add(f, "first registered -> RUNNING p=" + to, running - firstRegistered);
            add(f, "pause p=" + to, samples.longestPause(firstRegistered, running + PAUSE_TAIL_MILLIS));
            add(f, "rate p=" + to, samples.rate(next - measure, next));
            seen.computeIfAbsent(runtime + " p=" + to, k -> new ArrayList<>()).add(at.get("seen_" + to));
        }
        long total = samples.records(0, Long.MAX_VALUE);
        if (total >= records) {
            System.out.println("WARNING: the counting operator took in " + total + " records, as many as the input holds ("
                    + records + "): the input may have run dry; fill it with more (--records)");
        }
        System.out.printf(Locale.ROOT, "%s: %s%n", runtime, f.entrySet().stream()
                .map(e -> e.getKey() + " " + Math.round(e.getValue().get(e.getValue().size() - 1))).toList());
    }

    private static void add(Map<String, List<Double>> f, String name, double value) {
        f.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    private void printTable() {
        System.out.println();
        System.out.println("| step | runtime | new worker(s) launched → registered | registered → all RUNNING | "
                + "first registered → all RUNNING | longest pause in records-in | records/s before | records/s after | "
                + "parallelisms seen running |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        int from = 1;
        for (int to : STEPS) {
            for (Map.Entry<String, Map<String, List<Double>>> r : figures.entrySet()) {
                Map<String, List<Double>> f = r.getValue();
                System.out.printf(Locale.ROOT, "| %d → %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", from, to, r.getKey(),
                        stats(f.get("launch -> registered p=" + to), v -> v / 1000, "%.2f s"),
                        stats(f.get("registered -> RUNNING p=" + to), v -> v / 1000, "%.2f s"),
                        stats(f.get("first registered -> RUNNING p=" + to), v -> v / 1000, "%.2f s"),
                        stats(f.get("pause p=" + to), v -> v / 1000, "%.1f s"),
                        stats(f.get("rate p=" + from), v -> v / 1000, "%.0f k"),
                        stats(f.get("rate p=" + to), v -> v / 1000, "%.0f k"),
                        seen.get(r.getKey() + " p=" + to));
            }
            from = to;
        }
    }

    /** min / median / max of the values, each converted and formatted. */
    private static String stats(List<Double> values, ToDoubleFunction<Double> convert, String format) {
        List<Double> v = values.stream().sorted().toList();
        double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, convert.applyAsDouble(v.get(0)),
                convert.applyAsDouble(median), convert.applyAsDouble(v.get(v.size() - 1)));
    }

    /** The scenario's measured windows: waits for a wall-clock instant. */
    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long left;
        while ((left = epochMillis - System.currentTimeMillis()) > 0) {
            Thread.sleep(left);
        }
    }
}
