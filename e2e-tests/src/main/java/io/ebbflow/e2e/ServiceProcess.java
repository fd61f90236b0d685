package io.ebbflow.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One service started as {@code java -jar <service>.jar} with a small heap, its output in a log file.
 * Always stopped by PID: {@link #stop()} sends SIGTERM and waits, {@link #kill()} sends SIGKILL.
 */
public final class ServiceProcess implements AutoCloseable {

    /** The JVM flags every service process gets: small heap, serial GC, quick start. */
    public static final List<String> JVM_FLAGS = List.of("-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k", "-XX:MaxMetaspaceSize=128m");

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a service jar.
     *
     * @param jar the shaded service jar
     * @param args service arguments ({@code -Dkey=value}, ...)
     * @param log where stdout and stderr go
     */
    public static ServiceProcess start(String name, Path jar, List<String> args, Path log) throws IOException {
        return start(name, jar, List.of(), args, log);
    }

    /**
     * Starts a service jar with extra JVM flags after the defaults (a later {@code -Xmx} wins).
     */
    public static ServiceProcess start(String name, Path jar, List<String> jvmFlags, List<String> args, Path log)
            throws IOException {
        return start(name, List.of(), jar, jvmFlags, args, log);
    }

    /**
     * Starts a service jar behind a launcher that execs it (e.g. {@code ip netns exec <ns>}, which runs it on a
     * network host), so the process started is still the service's JVM and is stopped by its PID.
     */
    public static ServiceProcess start(String name, List<String> launcher, Path jar, List<String> jvmFlags,
            List<String> args, Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build the service jars first (mvn package)");
        }
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(javaExecutable());
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(classDataSharing(jar));
        cmd.addAll(jvmFlags);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServiceProcess sp = new ServiceProcess(name, p, log);
        Reaper.register(sp);
        return sp;
    }

    /**
     * The flags that map the service's class-data sharing archive ({@code <service>.jsa} beside its jar, or on JDK
     * 25 and newer its ahead-of-time cache {@code <service>.aot}, made by
     * the build's training run, module {@code cds}), as {@code bin/ebbflow} does: only if this JDK made it and it
     * is newer than the jar; otherwise none, and the service starts without it (only slower). The system property
     * {@code ebbflow.cds=off} turns it off (to measure without it).
     */
    public static List<String> classDataSharing(Path jar) {
        if ("off".equals(System.getProperty("ebbflow.cds"))) {
            return List.of();
        }
        String name = jar.getFileName().toString();
        // JDK 25 and newer: the ahead-of-time cache (<service>.aot), as bin/ebbflow uses it; before: the archive.
        boolean aot = Runtime.version().feature() >= 25;
        Path archive = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + (aot ? ".aot" : ".jsa"));
        Path stamp = archive.resolveSibling(archive.getFileName() + ".jdk");
        try {
            if (Files.isRegularFile(archive) && Files.isRegularFile(stamp)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0
                    && Files.readAllLines(stamp).get(0).equals(Path.of(System.getProperty("java.home")).toRealPath().toString())) {
                return aot ? List.of("-XX:AOTCache=" + archive.toAbsolutePath())
                        : List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath(), "-Xshare:auto");
            }
        } catch (IOException | IndexOutOfBoundsException e) {
            // an unreadable stamp: start without the archive
        }
        return List.of();
    }

    /**
     * Starts a service as a user does, with {@code bin/ebbflow <service> args...} under {@code home} (its JVM
     * defaults and class-data sharing archive), on this JVM's java. The script execs java, so the process is the
     * service's JVM.
     *
     * @param env extra environment, e.g. {@code EBBFLOW_CDS=off}
     */
    public static ServiceProcess launch(String name, Path home, String service, java.util.Map<String, String> env,
            List<String> args, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/ebbflow").toString(), service));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA", javaExecutable());
        pb.environment().putAll(env);
        ServiceProcess sp = new ServiceProcess(name, pb.start(), log);
        Reaper.register(sp);
        return sp;
    }

    /** The java that runs this JVM, so services run on the same JDK as the tests. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGTERM, then wait up to 20 s; SIGKILL if it did not exit. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGTERM without waiting. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL (kill -9), and wait until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process hangs (no heartbeats, no progress) until {@link #resume()}. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
            if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits at most {@code d} for the process to exit; true if it has. */
    public boolean waitFor(Duration d) throws InterruptedException {
        return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** The process's output so far (for assertion messages). */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }

    /** Kills every process still running when the test JVM exits, whatever happened. */
    private static final class Reaper {
        private static final List<ServiceProcess> ALL = new ArrayList<>();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                synchronized (ALL) {
                    ALL.forEach(p -> p.process.destroyForcibly());
                }
            }, "service-process-reaper"));
        }

        static void register(ServiceProcess p) {
            synchronized (ALL) {
                ALL.add(p);
            }
        }
    }
}
