package io.ebbflow.kafkalocal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process), started from the
 * Kafka jars this module resolves from Maven Central, in a child JVM with a small heap: the log directory is
 * formatted with {@code kafka.tools.StorageTool}, then {@code kafka.Kafka} runs with a generated
 * {@code server.properties}. Listens on 127.0.0.1 only. Stopped by PID ({@link #close()}), and it stops by itself
 * when the process that started it exits, even by {@code kill -9} ({@link BrokerMain} watches its parent).
 *
 * <p>Used by {@code bin/kafka-local} ({@link #main}) and by every test that needs a broker: a test JVM shares one
 * broker ({@link #shared()}). Topics are not created automatically: a job that names a missing topic is told so.
 */
public final class KafkaLocal implements AutoCloseable {

    /** How long the broker may take to start (about 3 s here; generous for a loaded CI machine). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String STARTED_LINE = "Kafka Server started";
    private static volatile KafkaLocal shared;

    private final Process process;
    private final Path directory;
    private final int port;
    private final Path log;

    private KafkaLocal(Process process, Path directory, int port, Path log) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.log = log;
    }

    /** {@code bootstrap.servers} of this broker. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The broker's output (its log). */
    public Path logFile() {
        return log;
    }

    public Path directory() {
        return directory;
    }

    /**
     * The broker this JVM's tests share, started on first use on free ports in a temporary directory and stopped
     * when the JVM exits.
     */
    public static synchronized KafkaLocal shared() throws IOException {
        if (shared == null || !shared.isAlive()) {
            Path dir = Files.createTempDirectory("ebbflow-kafka-");
            KafkaLocal broker = start(dir, freePort(), freePort(), Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-local-stop"));
            shared = broker;
        }
        return shared;
    }

    /** Starts a broker on free ports with its data in {@code directory}. */
    public static KafkaLocal start(Path directory) throws IOException {
        return start(directory, freePort(), freePort(), Map.of());
    }

    /**
     * Starts a broker on {@code port} (clients) and {@code controllerPort} (its KRaft controller), with its data in
     * {@code directory} (formatted if it is new; a directory formatted before keeps its topics), and the given
     * extra broker properties. Returns once the broker has started; fails with its log's tail if it did not.
     */
    public static KafkaLocal start(Path directory, int port, int controllerPort, Map<String, String> extra)
            throws IOException {
        Files.createDirectories(directory);
        Path data = directory.resolve("data");
        Path properties = directory.resolve("server.properties");
        Path log4j = directory.resolve("log4j2.properties");
        Files.writeString(properties, serverProperties(data, port, controllerPort, extra));
        Files.writeString(log4j, LOG4J);
        String classpath = brokerClasspath();
        Path log = directory.resolve("broker.log");
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(classpath, properties, log4j, directory.resolve("format.log"));
        }
        List<String> command = java(classpath, log4j, "-Xms64m", "-Xmx320m");
        command.add(BrokerMain.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(properties.toString());
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        KafkaLocal broker = new KafkaLocal(process, directory, port, log);
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process.getInputStream(), log, started), "kafka-local-log");
        pump.setDaemon(true);
        pump.start();
        try {
            started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return broker;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.close();
            throw new IOException("interrupted while the Kafka broker started", e);
        } catch (ExecutionException | TimeoutException e) {
            broker.close();
            throw new IOException("the Kafka broker in " + directory + " did not start" + (e instanceof TimeoutException
                    ? " within " + START_TIMEOUT.toSeconds() + " s" : ": " + e.getCause().getMessage())
                    + "; the end of its log:\n" + tail(log, 30));
        }
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 20 s) and waits for it to exit. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void format(String classpath, Path properties, Path log4j, Path formatLog) throws IOException {
        List<String> command = java(classpath, log4j, "-Xmx128m");
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", properties.toString()));
        Process format = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(formatLog.toFile()).start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IOException("formatting the Kafka log directory did not end within 60 s");
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting the Kafka log directory", e);
        }
        if (format.exitValue() != 0) {
            throw new IOException("formatting the Kafka log directory failed (exit " + format.exitValue() + "):\n"
                    + tail(formatLog, 20));
        }
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (22 characters). */
    private static String clusterId() {
        UUID id = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static List<String> java(String classpath, Path log4j, String... heap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(heap));
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-XX:MaxMetaspaceSize=160m", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath));
        return command;
    }

    /** The broker's class path: this module's classes (for {@link BrokerMain}) and the Kafka jars it resolved. */
    static String brokerClasspath() throws IOException {
        String jars;
        try (InputStream in = KafkaLocal.class.getResourceAsStream("broker.classpath")) {
            if (in == null) {
                throw new IOException("broker.classpath is missing beside " + KafkaLocal.class.getName()
                        + ": build the kafka-local module with Maven (it lists the Kafka jars there)");
            }
            jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        try {
            Path self = Path.of(KafkaLocal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self + java.io.File.pathSeparator + jars;
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    static String serverProperties(Path data, int port, int controllerPort, Map<String, String> extra) {
        StringBuilder out = new StringBuilder();
        out.append("# Generated by Ebbflow's kafka-local: a single-node KRaft broker on 127.0.0.1\n");
        prop(out, "process.roles", "broker,controller");
        prop(out, "node.id", "1");
        prop(out, "controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        prop(out, "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        prop(out, "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        prop(out, "controller.listener.names", "CONTROLLER");
        prop(out, "inter.broker.listener.name", "PLAINTEXT");
        prop(out, "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        prop(out, "log.dirs", data.toString());
        prop(out, "num.partitions", "1");
        prop(out, "auto.create.topics.enable", "false");
        prop(out, "offsets.topic.replication.factor", "1");
        prop(out, "offsets.topic.num.partitions", "4");
        prop(out, "transaction.state.log.replication.factor", "1");
        prop(out, "transaction.state.log.min.isr", "1");
        prop(out, "transaction.state.log.num.partitions", "4");
        prop(out, "share.coordinator.state.topic.replication.factor", "1");
        prop(out, "share.coordinator.state.topic.min.isr", "1");
        prop(out, "group.initial.rebalance.delay.ms", "0");
        // Small machine: few threads.
        prop(out, "num.network.threads", "2");
        prop(out, "num.io.threads", "2");
        prop(out, "background.threads", "2");
        prop(out, "num.recovery.threads.per.data.dir", "1");
        prop(out, "log.cleaner.threads", "1");
        extra.forEach((k, v) -> prop(out, k, v));
        return out.toString();
    }

    private static void prop(StringBuilder out, String key, String value) {
        out.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n');
    }

    private static void pump(InputStream in, Path log, CompletableFuture<Void> started) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.write('\n');
                if (!started.isDone()) {
                    out.flush();
                    if (line.contains(STARTED_LINE)) {
                        started.complete(null);
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            started.completeExceptionally(new UncheckedIOException(e));
        }
        started.completeExceptionally(new IOException("the broker process exited"));
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static final String LOG4J = """
            # Generated by Ebbflow's kafka-local: the broker logs to its standard output, which the launcher copies
            # into broker.log (and watches for the line that says it started).
            status = warn
            appender.out.type = Console
            appender.out.name = OUT
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n
            rootLogger.level = WARN
            rootLogger.appenderRef.out.ref = OUT
            logger.server.name = kafka.server.KafkaRaftServer
            logger.server.level = INFO
            logger.kafka.name = kafka.Kafka
            logger.kafka.level = INFO
            """;

    /**
     * {@code bin/kafka-local}: runs a broker in the foreground until this process is stopped (Ctrl-C or SIGTERM).
     * Options: {@code --port} (default 9092), {@code --controller-port} (default 9093), {@code --dir} (default
     * {@code ~/.ebbflow/kafka}; kept between runs, so topics survive a restart).
     */
    public static void main(String[] args) throws Exception {
        int port = 9092;
        int controllerPort = 9093;
        Path dir = Path.of(System.getProperty("user.home"), ".ebbflow", "kafka");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--controller-port" -> controllerPort = Integer.parseInt(value(args, ++i, "--controller-port"));
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                case "-h", "--help" -> {
                    System.out.println("Usage: bin/kafka-local [--port 9092] [--controller-port 9093] [--dir DIR]");
                    return;
                }
                default -> {
                    System.err.println("kafka-local: unknown option '" + args[i] + "' (try --help)");
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        KafkaLocal broker = start(dir, port, controllerPort, Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-local-stop"));
        System.out.printf("Kafka broker (pid %d) started in %.1f s: bootstrap.servers=%s, data in %s, log %s%n",
                broker.pid(), (System.nanoTime() - t0) / 1e9, broker.bootstrapServers(), dir.resolve("data"),
                broker.logFile());
        broker.process.waitFor();
        System.out.println("Kafka broker exited (" + broker.process.exitValue() + "); its log: " + broker.logFile());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("kafka-local: " + option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
