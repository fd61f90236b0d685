package io.ebbflow.bench;

import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.kafkalocal.KafkaLocal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Kafka → keyBy → count → Kafka in Ebbflow (its connector) and in Apache Flink 1.20 ({@code flink-connector-kafka}
 * 3.4.0-1.20), side by side on one real broker started here ({@code kafka-local}): an input topic of
 * {@code --partitions} partitions is filled once with {@code --records} decimal longs; every run reads it from the
 * earliest offset with a fresh consumer group and writes to a fresh output topic, at parallelism 1 and 2, with
 * EXACTLY_ONCE and AT_LEAST_ONCE, checkpoints every {@code --checkpoint-interval-ms} on both sides. Each run is its
 * own JVM; runs alternate between the two runtimes. Prints records/s of the counting operator over the measured
 * window (median of the repetitions) and Ebbflow's ratio to Flink.
 *
 * <p>Needs {@code mvn package} (benchmarks.jar and benchmarks-flink/target/classpath.txt); run from the repository root.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Kafka -> keyBy -> count -> Kafka records/s in Ebbflow and in Apache Flink 1.20, on one broker.")
final class KafkaBenchmark implements Callable<Integer> {

    @Option(names = "--repetitions", description = "Runs per runtime, parallelism and guarantee (default ${DEFAULT-VALUE}).")
    int repetitions = 3;

    @Option(names = "--records", description = "Records in the input topic (default ${DEFAULT-VALUE}).")
    long records = 40_000_000;

    @Option(names = "--partitions", description = "Partitions of the input topic (default ${DEFAULT-VALUE}).")
    int partitions = 8;

    @Option(names = "--keys", description = "Distinct keys (default ${DEFAULT-VALUE}).")
    int keys = 10_000;

    @Option(names = "--warmup-seconds", description = "Warm-up after the first record (default ${DEFAULT-VALUE}).")
    int warmupSeconds = 10;

    @Option(names = "--measure-seconds", description = "Measured window (default ${DEFAULT-VALUE}).")
    int measureSeconds = 30;

    @Option(names = "--checkpoint-interval-ms", description = "Both runtimes checkpoint at this interval (default ${DEFAULT-VALUE}).")
    long checkpointMillis = 10_000;

    @Option(names = "--parallelism", split = ",", description = "Parallelisms to run (default ${DEFAULT-VALUE}).")
    List<Integer> parallelisms = List.of(1, 2);

    @Option(names = "--guarantees", split = ",", description = "Delivery guarantees to run (default ${DEFAULT-VALUE}).")
    List<String> guarantees = List.of("EXACTLY_ONCE", "AT_LEAST_ONCE");

    @Option(names = "--ebbflow-jvm-option", description = "An option for Ebbflow's measurement JVMs, e.g. "
            + "-XX:StartFlightRecording=filename=ebbflow.jfr to profile them (repeatable).")
    List<String> ebbflowJvmOptions = List.of();

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("ebbflow.home", ".")).toAbsolutePath().normalize();
        Path benchmarksJar = home.resolve("benchmarks/target/benchmarks.jar");
        String flinkClasspath = MeasurementJvm.flinkClasspath(home);
        if (flinkClasspath == null) {
            return 2;
        }
        Path dir = Files.createTempDirectory("ebbflow-kafka-bench-");
        try (KafkaLocal broker = KafkaLocal.start(dir)) {
            String bootstrap = broker.bootstrapServers();
            System.out.println("Broker " + bootstrap + " (pid " + broker.pid() + ")");
            fill(bootstrap, "in", partitions, records);
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            int run = 0;
            for (int rep = 0; rep < repetitions; rep++) {
                for (int p : parallelisms) {
                    for (String guarantee : guarantees) {
                        String outOurs = createTopic(bootstrap, "out-" + run++);
                        record(rates, run(ours(benchmarksJar, bootstrap, outOurs, p, guarantee), home));
                        String outFlink = createTopic(bootstrap, "out-" + run++);
                        record(rates, run(flink(flinkClasspath, bootstrap, outFlink, p, guarantee), home));
                    }
                }
            }
            System.out.println();
            System.out.println("| runtime | parallelism | records/s (min / median / max, n=" + repetitions
                    + ") | Ebbflow / Flink (median) |");
            System.out.println("|---|---|---|---|");
            for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
                String[] key = e.getKey().split("/");
                String flinkKey = key[0].replace("ebbflow-kafka-", "flink-1.20.0-kafka-") + "/" + key[1];
                String ratio = key[0].startsWith("ebbflow") && rates.containsKey(flinkKey)
                        ? String.format(Locale.ROOT, "**%.2f**", median(e.getValue()) / median(rates.get(flinkKey))) : "";
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", key[0], key[1], stats(e.getValue()), ratio);
            }
        }
        return 0;
    }

    /** The input: a topic of {@code records} decimal longs, spread round-robin over its partitions. */
    static void fill(String bootstrap, String topic, int partitions, long records) throws Exception {
        createTopic(bootstrap, topic, partitions);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("batch.size", Integer.toString(512 * 1024));
        props.put("linger.ms", "20");
        props.put("acks", "1");
        props.put("enable.idempotence", "false");
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null,
                        Long.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "Filled '%s' (%d partitions) with %d records in %.1f s%n", topic, partitions, records,
                (System.nanoTime() - t0) / 1e9);
    }

    private String createTopic(String bootstrap, String name) throws Exception {
        return createTopic(bootstrap, name, partitions);
    }

    private static String createTopic(String bootstrap, String name, int partitions) throws Exception {
        io.ebbflow.examples.kafka.OrderProducer.createTopics(bootstrap, partitions, name);
        return name;
    }

    private List<String> ours(Path benchmarksJar, String bootstrap, String out, int p, String guarantee) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServiceProcess.javaExecutable());
        cmd.addAll(ebbflowJvmOptions);
        cmd.addAll(List.of("-jar", benchmarksJar.toString(), "kafka-count-run",
                "--bootstrap-servers", bootstrap, "--in", "in", "--out", out, "--input-records", Long.toString(records),
                "--parallelism", Integer.toString(p), "--guarantee", guarantee,
                "--checkpoint-interval-ms", Long.toString(checkpointMillis), "--warmup-seconds",
                Integer.toString(warmupSeconds), "--measure-seconds", Integer.toString(measureSeconds),
                "--keys", Integer.toString(keys)));
        return cmd;
    }

    private List<String> flink(String classpath, String bootstrap, String out, int p, String guarantee) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServiceProcess.javaExecutable());
        cmd.addAll(ThroughputBenchmark.FLINK_JAVA_OPTS);
        cmd.addAll(List.of("-cp", classpath, "io.ebbflow.bench.flink.FlinkKafkaCount", bootstrap, "in", out,
                Long.toString(records), Integer.toString(p), guarantee, Long.toString(checkpointMillis),
                Integer.toString(warmupSeconds), Integer.toString(measureSeconds), Integer.toString(keys)));
        return cmd;
    }

    private Map<String, String> run(List<String> command, Path home) throws Exception {
        return MeasurementJvm.run(command, home, warmupSeconds + measureSeconds + 180L);
    }

    private static void record(Map<String, List<Double>> rates, Map<String, String> fields) {
        rates.computeIfAbsent(fields.get("runtime") + "/" + fields.get("parallelism"), k -> new ArrayList<>())
                .add(Double.parseDouble(fields.get("rate")));
    }

    private static double median(List<Double> values) {
        List<Double> v = values.stream().sorted().toList();
        return v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
    }

    private static String stats(List<Double> values) {
        List<Double> v = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.0f k / %.0f k / %.0f k", v.get(0) / 1e3, median(v) / 1e3,
                v.get(v.size() - 1) / 1e3);
    }
}
