package io.ebbflow.cds;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes each service's class-data sharing archive ({@code <service>/target/<service>.jsa}; on JDK 25 or newer an
 * ahead-of-time cache, {@code <service>.aot}) from a short
 * training run, so that a service started with {@code bin/ebbflow} (and by the tests) maps the classes it
 * needs at start-up instead of loading, verifying and linking them one by one: about half the CPU of a
 * start, which is what five services starting together on a small machine wait for.
 *
 * <p>The run is a local cluster as {@code bin/ebbflow-local} starts it, with {@code EBBFLOW_CDS=dump} (each
 * service writes its archive when it exits): a ResourceManager, the web-ui, a JobMaster running
 * TopSpeedWindowing at parallelism 2 with a checkpoint every 500 ms, and a TaskExecutor; once a checkpoint has
 * completed and the REST API has answered the dashboard's requests, every service is stopped with SIGTERM.
 * So the archives hold the classes of joining the cluster, registering, offering slots, fetching the job jar,
 * deploying, checkpointing, serving REST and shutting down. Beside each archive, {@code <service>.jsa.jdk} (or {@code .aot.jdk})
 * names the JDK that made it: {@code bin/ebbflow} and the tests use an archive only with that JDK (the JVM
 * itself also refuses an archive of another JDK build, or of a jar changed since, and starts without it).
 *
 * <p>Up-to-date archives (newer than their jars, made by this JDK) are kept. Any failure fails the build,
 * naming the log to read; {@code -Dcds.skip=true} skips the run.
 */
public final class TrainingRun {

    private static final List<String> SERVICES = List.of("resource-manager", "web-ui", "job-master", "task-executor");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String JOB = "cds-training";
    private static final String ARCHIVE_SUFFIX = Runtime.version().feature() >= 25 ? ".aot" : ".jsa";
    private static final Pattern COMPLETED = Pattern.compile("\"completed\"\\s*:\\s*(\\d+)");

    private final Path home;
    private final Path logs;
    private final Path javaHome;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    private TrainingRun(Path home) throws IOException {
        this.home = home;
        this.logs = home.resolve("cds/target/training");
        this.javaHome = Path.of(System.getProperty("java.home")).toRealPath();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TrainingRun <ebbflow home>");
        }
        new TrainingRun(Path.of(args[0]).toAbsolutePath().normalize()).run();
    }

    private void run() throws Exception {
        if (upToDate()) {
            System.out.println("[cds] the class-data sharing archives are up to date (made by " + javaHome + ")");
            return;
        }
        for (String service : SERVICES) {
            Files.deleteIfExists(archive(service));
            Files.deleteIfExists(stamp(service));
        }
        deleteRecursively(logs);
        Files.createDirectories(logs);
        long t0 = System.nanoTime();
        System.out.println("[cds] training run: a local cluster writes the services' class-data sharing archives "
                + "(logs in " + logs + "; -Dcds.skip=true skips this)");
        try {
            train();
        } finally {
            stopAll();
        }
        for (String service : SERVICES) {
            if (!Files.isRegularFile(archive(service))) {
                throw new IllegalStateException("the training run wrote no archive " + archive(service) + "; see "
                        + logs.resolve(service + ".log"));
            }
            Files.writeString(stamp(service), javaHome + "\n" + System.getProperty("java.vm.version") + "\n");
        }
        System.out.printf("[cds] archives written in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                SERVICES.stream().map(s -> s + "/target/" + s + ARCHIVE_SUFFIX).toList());
    }

    private void train() throws Exception {
        int clusterPort = freePortRange(20);
        int restPort = freePortRange(1);
        List<String> common = List.of("-Dcluster.name=cds-training-" + UUID.randomUUID(),
                "-Dcluster.port=" + clusterPort, "-Dcluster.port-count=20", "-Dmetrics.reporter.prom.port=0",
                "-Dhigh-availability.storageDir=" + logs.resolve("ha"),
                "-Dstate.checkpoints.dir=" + logs.resolve("checkpoints"));
        start("resource-manager", common);
        // Its REST token file stays with the training run (not in the user's ~/.ebbflow).
        start("web-ui", common, "-Drest.port=" + restPort, "-Deventbus.tcp-bridge.port=-1",
                "-Drest.auth.token-file=" + logs.resolve("rest-token"));
        start("job-master", common, "--job-jar", home.resolve("examples/target/examples.jar").toString(),
                "-j", "io.ebbflow.examples.windowing.TopSpeedWindowing", "-p", "2", "--job-id", JOB,
                "-Dexecution.checkpointing.interval=500ms", "--output", logs.resolve("output").toString());
        start("task-executor", common, "-Dtaskmanager.numberOfTaskSlots=2", "-Dtaskmanager.resource-id=cds-te");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://127.0.0.1:" + restPort;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (completedCheckpoints(http, base) < 1) {
            for (Map.Entry<String, Process> p : processes.entrySet()) {
                if (!p.getValue().isAlive()) {
                    throw new IllegalStateException("[cds] " + p.getKey() + " exited with code " + p.getValue().exitValue()
                            + " during the training run; see " + logs.resolve(p.getKey() + ".log"));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("[cds] the training job completed no checkpoint within " + TIMEOUT
                        + "; see the logs in " + logs);
            }
            Thread.sleep(200);
        }
        // What the dashboard and a user ask first, so the web-ui's archive holds those paths' classes.
        for (String path : List.of("/overview", "/taskmanagers", "/jobs", "/jobs/overview", "/jobs/" + JOB,
                "/jobs/" + JOB + "/checkpoints", "/jobs/" + JOB + "/rescales/history", "/jobs/" + JOB + "/exceptions",
                "/jobs/" + JOB + "/accumulators", "/config", "/metrics")) {
            get(http, base + path);
        }
        System.out.println("[cds] the training job is running and has completed a checkpoint; stopping the services");
    }

    private void start(String service, List<String> common, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/ebbflow").toString(), service));
        cmd.addAll(common);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logs.resolve(service + ".log").toFile());
        pb.environment().put("JAVA", javaHome.resolve("bin/java").toString());
        pb.environment().put("EBBFLOW_CDS", "dump");
        pb.environment().remove("EBBFLOW_JVM_FLAGS");
        processes.put(service, pb.start());
    }

    /** SIGTERM in the reverse order of the start (each writes its archive as it exits), then wait. */
    private void stopAll() throws InterruptedException {
        List<Map.Entry<String, Process>> reversed = new ArrayList<>(processes.entrySet());
        java.util.Collections.reverse(reversed);
        for (Map.Entry<String, Process> p : reversed) {
            p.getValue().destroy();
            if (!p.getValue().waitFor(60, TimeUnit.SECONDS)) {
                System.out.println("[cds] " + p.getKey() + " did not stop within 60 s of SIGTERM; killed");
                p.getValue().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static int completedCheckpoints(HttpClient http, String base) {
        String body = get(http, base + "/jobs/" + JOB + "/checkpoints");
        Matcher m = COMPLETED.matcher(body);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String get(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return ""; // not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private boolean upToDate() throws IOException {
        for (String service : SERVICES) {
            Path jar = home.resolve(service + "/target/" + service + ".jar");
            Path archive = archive(service);
            if (!Files.isRegularFile(archive) || !Files.isRegularFile(stamp(service)) || !Files.isRegularFile(jar)) {
                return false;
            }
            FileTime archived = Files.getLastModifiedTime(archive);
            if (archived.compareTo(Files.getLastModifiedTime(jar)) <= 0
                    || !Files.readAllLines(stamp(service)).get(0).equals(javaHome.toString())) {
                return false;
            }
        }
        Path examples = home.resolve("examples/target/examples.jar");
        return !Files.isRegularFile(examples)
                || Files.getLastModifiedTime(examples).compareTo(Files.getLastModifiedTime(archive("job-master"))) < 0;
    }

    /**
     * What {@code bin/ebbflow} uses with this JDK: a class-data sharing archive ({@code .jsa}) before JDK 25, an
     * ahead-of-time cache ({@code .aot}) from JDK 25 on; both can lie side by side.
     */
    private Path archive(String service) {
        return home.resolve(service + "/target/" + service + ARCHIVE_SUFFIX);
    }

    private Path stamp(String service) {
        return home.resolve(service + "/target/" + service + ARCHIVE_SUFFIX + ".jdk");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** {@code n} consecutive loopback ports free now, below the ephemeral range. */
    private static int freePortRange(int n) throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int base = 20_000 + random.nextInt(12_000 - n);
            if (allFree(base, n)) {
                return base;
            }
        }
        throw new IOException("no " + n + " consecutive free loopback ports in 20000-32000");
    }

    private static boolean allFree(int base, int n) {
        for (int port = base; port < base + n; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            } catch (IOException busy) {
                return false;
            }
        }
        return true;
    }
}
