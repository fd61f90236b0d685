package io.ebbflow.s3local;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real S3-compatible server for tests: S3Proxy with its {@code filesystem-nio2} backend, started from the jars
 * this module resolves from Maven Central in a child JVM with a small heap, listening on 127.0.0.1 on a port the
 * OS chose, its objects under a temporary directory ({@code <directory>/data/<bucket>/<key>}). Stopped by PID
 * ({@link #close()}); it also stops by itself when the process that started it exits, even by {@code kill -9}
 * ({@link S3ProxyMain} watches its parent).
 *
 * <p>A test JVM shares one server ({@link #shared()}); each test takes a bucket of its own ({@link #createBucket}).
 */
public final class S3Local implements AutoCloseable {

    /** How long the server may take to start (about 1.5 s here; generous for a loaded CI machine). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    public static final String ACCESS_KEY = "ebbflow-local";
    public static final String SECRET_KEY = "ebbflow-local-secret";
    private static final String STARTED_LINE = "Started Server@";
    private static volatile S3Local shared;

    private final Process process;
    private final Path directory;
    private final int port;
    private final Path log;

    private S3Local(Process process, Path directory, int port, Path log) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.log = log;
    }

    /** The server's endpoint ({@code s3.endpoint}), e.g. {@code http://127.0.0.1:41234}; use path-style access. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
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

    public Path logFile() {
        return log;
    }

    /** Where the objects are: {@code <dataDirectory>/<bucket>/<key>} (tests corrupt them here). */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /** Creates the bucket {@code name} (a directory of the filesystem backend); returns its name. */
    public String createBucket(String name) throws IOException {
        Files.createDirectories(dataDirectory().resolve(name));
        return name;
    }

    /** The file holding the object {@code key} of {@code bucket}. */
    public Path objectFile(String bucket, String key) {
        return dataDirectory().resolve(bucket).resolve(key);
    }

    /** The server this JVM's tests share, started on first use and stopped when the JVM exits. */
    public static synchronized S3Local shared() throws IOException {
        if (shared == null || !shared.isAlive()) {
            S3Local server = start(Files.createTempDirectory("ebbflow-s3-"));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3-local-stop"));
            shared = server;
        }
        return shared;
    }

    /** Starts a server on a free port with its objects under {@code directory}. */
    public static S3Local start(Path directory) throws IOException {
        return start(directory, freePort());
    }

    /** Starts a server on {@code port}; returns once it listens, or fails with its log's tail. */
    public static S3Local start(Path directory, int port) throws IOException {
        Files.createDirectories(directory.resolve("data"));
        Path properties = directory.resolve("s3proxy.properties");
        Files.writeString(properties, properties(directory.resolve("data"), port));
        Path logback = directory.resolve("logback.xml");
        try (InputStream in = S3Local.class.getResourceAsStream("s3proxy-logback.xml")) {
            Files.write(logback, in.readAllBytes());
        }
        Path log = directory.resolve("s3proxy.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-XX:MaxMetaspaceSize=128m", "-Djava.awt.headless=true", "-Dlogback.configurationFile=" + logback,
                "-cp", classpath(), S3ProxyMain.class.getName(), Long.toString(ProcessHandle.current().pid()),
                "--properties", properties.toString()));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        S3Local server = new S3Local(process, directory, port, log);
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process.getInputStream(), log, started), "s3-local-log");
        pump.setDaemon(true);
        pump.start();
        try {
            started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IOException("interrupted while S3Proxy started", e);
        } catch (ExecutionException | TimeoutException e) {
            server.close();
            throw new IOException("S3Proxy in " + directory + " did not start" + (e instanceof TimeoutException
                    ? " within " + START_TIMEOUT.toSeconds() + " s" : ": " + e.getCause().getMessage())
                    + "; the end of its log:\n" + tail(log, 30));
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits for it to exit. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String properties(Path data, int port) {
        return "# Generated by Ebbflow's s3-local\n"
                + "s3proxy.endpoint=http://127.0.0.1:" + port + "\n"
                + "s3proxy.authorization=aws-v2-or-v4\n"
                + "s3proxy.identity=" + ACCESS_KEY + "\n"
                + "s3proxy.credential=" + SECRET_KEY + "\n"
                + "jclouds.provider=filesystem-nio2\n"
                + "jclouds.identity=" + ACCESS_KEY + "\n"
                + "jclouds.credential=" + SECRET_KEY + "\n"
                + "jclouds.filesystem.basedir=" + data.toString().replace("\\", "\\\\") + "\n";
    }

    /** S3Proxy's class path: this module's classes (for {@link S3ProxyMain}) and the S3Proxy jars it resolved. */
    static String classpath() throws IOException {
        String jars;
        try (InputStream in = S3Local.class.getResourceAsStream("s3proxy.classpath")) {
            if (in == null) {
                throw new IOException("s3proxy.classpath is missing beside " + S3Local.class.getName()
                        + ": build the s3-local module with Maven (it lists the S3Proxy jars there)");
            }
            jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        try {
            Path self = Path.of(S3Local.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self + java.io.File.pathSeparator + jars;
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
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
        started.completeExceptionally(new IOException("the S3Proxy process exited"));
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
}
