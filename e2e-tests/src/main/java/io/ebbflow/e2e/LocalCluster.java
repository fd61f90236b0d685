package io.ebbflow.e2e;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A cluster of real service processes on loopback, isolated from any other on the machine: its own
 * cluster name and its own set of ports. Every process it starts is stopped by {@link #close()}, by PID,
 * whatever happened.
 */
public final class LocalCluster implements AutoCloseable {

    private final Path home;
    private final Path logs;
    private final String clusterName = "e2e-" + UUID.randomUUID();
    private final List<Integer> hazelcastPorts;
    private final int restPort;
    private final int tcpBridgePort;
    private final List<String> extraArgs;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final java.util.Map<Integer, ServiceProcess> portOwners = new java.util.HashMap<>();
    private final java.util.Set<Integer> reservedPorts = new java.util.HashSet<>();
    private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String restScheme = "http";
    /** The seed hosts when the services run on network hosts ({@link #onHosts}); empty on loopback. */
    private final List<io.ebbflow.e2e.hosts.ServiceHost> seedHosts;
    private volatile String restHost = "127.0.0.1";
    private int count;

    /**
     * @param members how many processes may be members at once (each gets a Hazelcast port)
     * @param extraArgs arguments given to every service (for example {@code -Dheartbeat.timeout=...})
     */
    public LocalCluster(String testName, int members, List<String> extraArgs) throws IOException {
        this.home = Path.of(System.getProperty("ebbflow.home", "..")).toAbsolutePath().normalize();
        this.logs = Path.of(System.getProperty("ebbflow.e2e.logs", "target/e2e-logs")).resolve(testName);
        List<Integer> ports = freePorts(members + 2);
        this.restPort = ports.remove(ports.size() - 1);
        this.tcpBridgePort = ports.remove(ports.size() - 1);
        this.hazelcastPorts = ports;
        this.extraArgs = List.copyOf(extraArgs);
        this.seedHosts = List.of();
    }

    private LocalCluster(String testName, List<? extends io.ebbflow.e2e.hosts.ServiceHost> seedHosts,
            List<String> extraArgs) throws IOException {
        this.home = Path.of(System.getProperty("ebbflow.home", "..")).toAbsolutePath().normalize();
        this.logs = Path.of(System.getProperty("ebbflow.e2e.logs", "target/e2e-logs")).resolve(testName);
        this.restPort = HOST_REST_PORT;
        this.tcpBridgePort = HOST_REST_PORT + 1;
        this.hazelcastPorts = List.of();
        this.extraArgs = List.copyOf(extraArgs);
        this.seedHosts = List.copyOf(seedHosts);
    }

    /** Member ports of a service on a network host: each host has its own, so every cluster uses the same. */
    private static final int HOST_MEMBER_PORT = 5701;
    private static final int HOST_MEMBER_PORTS = 4;
    private static final int HOST_REST_PORT = 8081;

    /**
     * A cluster whose services run on network hosts ({@link io.ebbflow.e2e.hosts.NetworkHosts}), each started
     * with {@link #start(io.ebbflow.e2e.hosts.ServiceHost, String, String...)}: every service binds and
     * announces its host's address, and joins through the seed hosts (those that will run ResourceManagers).
     */
    public static LocalCluster onHosts(String testName, List<? extends io.ebbflow.e2e.hosts.ServiceHost> seedHosts,
            List<String> extraArgs) throws IOException {
        if (seedHosts.isEmpty()) {
            throw new IllegalArgumentException("at least one seed host");
        }
        return new LocalCluster(testName, seedHosts, extraArgs);
    }

    public String clusterName() {
        return clusterName;
    }

    public List<Integer> hazelcastPorts() {
        return hazelcastPorts;
    }

    /** {@code host:port} of every member port, as for {@code cluster.members}. */
    public String members() {
        if (!seedHosts.isEmpty()) {
            return seedHosts.stream().map(io.ebbflow.e2e.hosts.ServiceHost::address).collect(Collectors.joining(","));
        }
        return hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public Path home() {
        return home;
    }

    /** This cluster's durable store ({@code high-availability.storageDir/<cluster name>}). */
    public Path durableStore() {
        return logs.resolve("ha").toAbsolutePath().resolve(clusterName);
    }

    public int restPort() {
        return restPort;
    }

    /** The web-ui's TCP event-bus bridge port. */
    public int tcpBridgePort() {
        return tcpBridgePort;
    }

    public ServiceProcess startResourceManager(String... args) throws IOException {
        return start("resource-manager", args);
    }

    /** Starts the web-ui on this cluster's REST port and waits until it answers (fails fast if it exits). */
    public ServiceProcess startWebUi(String... args) throws IOException {
        return startWebUi(null, args);
    }

    /** Starts the web-ui on a network host (null: loopback); REST calls of this cluster then go to that host. */
    public ServiceProcess startWebUi(io.ebbflow.e2e.hosts.ServiceHost host, String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("-Drest.port=" + restPort);
        a.add("-Deventbus.tcp-bridge.port=" + tcpBridgePort);
        if (host != null) {
            a.add("-Drest.bind-address=" + host.address());
            restHost = host.address();
        }
        a.add("-Drest.auth.token-file=" + restTokenFile());
        ServiceProcess p = start(host, "web-ui", List.of(), a.toArray(String[]::new));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (get("/config").status() != 200) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the web-ui exited with code " + p.exitCode() + ":\n" + p.output());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the web-ui did not answer on port " + restPort + " within 2 minutes:\n"
                        + p.output());
            }
            try {
                p.waitFor(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return p;
    }

    public ServiceProcess startJobMaster(String... args) throws IOException {
        return start("job-master", args);
    }

    public ServiceProcess startTaskExecutor(String... args) throws IOException {
        return start("task-executor", args);
    }

    /** Starts {@code <service>/target/<service>.jar} as a member of this cluster. */
    public ServiceProcess start(String service, String... args) throws IOException {
        return start(service, List.of(), args);
    }

    /** Starts a service with extra JVM flags (for example a larger {@code -Xmx}). */
    public ServiceProcess start(String service, List<String> jvmFlags, String... args) throws IOException {
        return start(null, service, jvmFlags, args);
    }

    /** Starts {@code <service>/target/<service>.jar} on a network host of a cluster made by {@link #onHosts}. */
    public ServiceProcess start(io.ebbflow.e2e.hosts.ServiceHost host, String service, String... args) throws IOException {
        return start(host, service, List.of(), args);
    }

    private synchronized ServiceProcess start(io.ebbflow.e2e.hosts.ServiceHost host, String service,
            List<String> jvmFlags, String... args) throws IOException {
        if ((host == null) != seedHosts.isEmpty()) {
            throw new IllegalStateException(host == null ? "this cluster runs on network hosts: name the host"
                    : "this cluster runs on loopback: it has no network hosts");
        }
        int port = host == null ? freeMemberPort() : HOST_MEMBER_PORT;
        reservedPorts.add(port);
        List<String> all = new ArrayList<>();
        all.add("-Dcluster.name=" + clusterName);
        all.add("-Dcluster.port=" + port);
        all.add("-Dcluster.port-count=" + (host == null ? 1 : HOST_MEMBER_PORTS));
        all.add("-Dcluster.members=" + members());
        if (host != null) {
            all.add("-Dcluster.host=" + host.address());
        }
        all.add("-Dmetrics.reporter.prom.port=0");
        // The durable store of this cluster (it outlives every process of it, as in production), under the logs.
        all.add("-Dhigh-availability.storageDir=" + logs.resolve("ha").toAbsolutePath());
        // Its checkpoints too, one directory per cluster: a job of a later run with the same id must not find them.
        all.add("-Dstate.checkpoints.dir=" + logs.resolve("checkpoints").resolve(clusterName).toAbsolutePath());
        all.addAll(extraArgs);
        all.addAll(List.of(args));
        String name = service + "-" + (++count) + (host == null ? "" : "@" + host.name());
        ServiceProcess p = ServiceProcess.start(name, host == null ? List.of() : host.launcher(),
                home.resolve(service).resolve("target").resolve(service + ".jar"), jvmFlags, all, logs.resolve(name + ".log"));
        processes.add(p);
        reservedPorts.remove(port);
        if (host == null) {
            portOwners.put(port, p);
        }
        return p;
    }

    /**
     * A member port no live process of this cluster uses, for a cluster member started by the test itself
     * (a test client node). Call {@link #releasePort(int)} when that member has left.
     */
    public synchronized int reservePort() {
        int port = freeMemberPort();
        reservedPorts.add(port);
        return port;
    }

    public synchronized void releasePort(int port) {
        reservedPorts.remove(port);
    }

    private int freeMemberPort() {
        for (int port : hazelcastPorts) {
            ServiceProcess owner = portOwners.get(port);
            if (!reservedPorts.contains(port) && (owner == null || !owner.isAlive())) {
                return port;
            }
        }
        throw new IllegalStateException("all " + hazelcastPorts.size() + " member ports of this test cluster are in use");
    }

    /** GET a path of the web-ui's REST API; returns status and JSON body (null if not JSON). */
    public Response get(String path) {
        return send("GET", path, null);
    }

    /** POST a JSON body to a path of the web-ui's REST API. */
    public Response post(String path, String json) {
        return send("POST", path, json);
    }

    /** PATCH a path of the web-ui's REST API (no body). */
    public Response patch(String path) {
        return send("PATCH", path, null);
    }

    /** PUT a JSON body to a path of the web-ui's REST API. */
    public Response put(String path, String json) {
        return send("PUT", path, json);
    }

    /**
     * Speaks HTTPS to the web-ui (a cluster started with REST TLS), presenting and trusting what {@code ssl} holds.
     * Call before {@link #startWebUi}.
     */
    public LocalCluster restOverHttps(javax.net.ssl.SSLContext ssl) {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(ssl).build();
        restScheme = "https";
        return this;
    }

    /**
     * The file the web-ui keeps its REST token in (unless a test sets {@code rest.auth.token}); calls that change
     * something carry the token from it, as a user's script would.
     */
    public Path restTokenFile() {
        return logs.resolve("rest-token").toAbsolutePath();
    }

    private Response send(String method, String path, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(restScheme + "://" + restHost + ":" + restPort
                    + path)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
            if (!method.equals("GET") && Files.isReadable(restTokenFile())) {
                request.header("Authorization", "Bearer " + Files.readString(restTokenFile()).trim());
            }
            HttpResponse<String> r = http.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            JsonObject body;
            try {
                body = new JsonObject(r.body());
            } catch (RuntimeException e) {
                body = null;
            }
            return new Response(r.statusCode(), body, r.body());
        } catch (IOException e) {
            return new Response(-1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, null, e.toString());
        }
    }

    /**
     * A job accumulator's value from {@code GET /jobs/:jobid/accumulators}: -1 if the job does not answer
     * or has not reported it yet (a counter that was never incremented reads as absent).
     */
    public long accumulator(String jobId, String name) {
        Response r = get("/jobs/" + jobId + "/accumulators");
        if (!r.ok()) {
            return -1;
        }
        for (Object o : r.json().getJsonArray("user-task-accumulators")) {
            JsonObject a = (JsonObject) o;
            if (a.getString("name").equals(name)) {
                return Long.parseLong(a.getString("value"));
            }
        }
        return -1;
    }

    /** A REST response. */
    public record Response(int status, JsonObject json, String body) {
        public boolean ok() {
            return status == 200 && json != null;
        }
    }

    /** The output of every process, for failure messages. */
    /**
     * The Prometheus metrics of every live service of this cluster (each logs the port it serves them on),
     * one text after the other.
     */
    public String scrapeMetrics() {
        java.util.regex.Pattern served = java.util.regex.Pattern.compile("Prometheus metrics at (http://[^ ]+/metrics)");
        StringBuilder sb = new StringBuilder();
        for (ServiceProcess p : processes) {
            if (!p.isAlive()) {
                continue;
            }
            java.util.regex.Matcher m = served.matcher(p.output());
            if (m.find()) {
                try {
                    // HTTP/1.1 (no h2c upgrade) and a hard bound on the whole exchange, so a scrape never hangs.
                    HttpResponse<String> r = http.sendAsync(HttpRequest.newBuilder(URI.create(m.group(1)))
                            .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString()).get(10, java.util.concurrent.TimeUnit.SECONDS);
                    sb.append("# from ").append(p).append('\n').append(r.body()).append('\n');
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    sb.append("# ").append(p).append(" did not answer: ").append(e).append('\n');
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return sb.toString();
    }

    public String logs() {
        StringBuilder sb = new StringBuilder();
        for (ServiceProcess p : processes) {
            String out = p.output();
            sb.append("\n===== ").append(p).append(" =====\n")
                    .append(out.length() > 6000 ? out.substring(out.length() - 6000) : out);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (ServiceProcess p : processes) {
            p.terminate();
        }
        for (ServiceProcess p : processes) {
            p.stop();
        }
    }

    /**
     * {@code n} ports that are free now, taken below the kernel's ephemeral range (32768 and up on Linux), so
     * that no outgoing connection or other process's port-0 bind can take one of them between now and the
     * moment its service binds it.
     */
    private static List<Integer> freePorts(int n) throws IOException {
        java.util.Random random = new java.util.Random();
        List<Integer> ports = new ArrayList<>();
        int attempts = 0;
        while (ports.size() < n) {
            if (++attempts > 10_000) {
                throw new IOException("no free loopback ports found in 15000-32000");
            }
            int port = 15_000 + random.nextInt(17_000);
            if (ports.contains(port) || !RESERVED.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                ports.add(port);
            } catch (IOException busy) {
                // taken: try another
            }
        }
        return ports;
    }

    /** Ports handed out to any cluster of this JVM, never handed out twice. */
    private static final java.util.Set<Integer> RESERVED = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
