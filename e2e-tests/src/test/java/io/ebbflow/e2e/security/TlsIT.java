package io.ebbflow.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.testing.TestCertificates;
import io.ebbflow.e2e.JobView;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster with mutual TLS on every channel Ebbflow owns (internal: event bus, data plane, blob server, TCP bridge;
 * and REST) and a cluster secret runs a job across two TaskExecutors. Every listening port of every service, except
 * Hazelcast's member port (not TLS: the secret guards the join) and the Prometheus endpoint, refuses a client
 * without a trusted certificate, and accepts one with the cluster's certificate; the refusals are counted. A
 * TaskExecutor with another cluster secret never joins.
 */
class TlsIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String JOB = "tls-job";
    static LocalCluster cluster;
    static TestCertificates.Stores trusted;
    static TestCertificates.Stores stranger;
    static final List<ServiceProcess> services = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path certs = Path.of(System.getProperty("ebbflow.e2e.logs", "target/e2e-logs")).resolve("tls-certs").toAbsolutePath();
        trusted = TestCertificates.cluster(certs);
        stranger = TestCertificates.stranger(certs);
        List<String> args = new ArrayList<>(trusted.internalOptions());
        args.add("-Dsecurity.cluster.secret=" + java.util.UUID.randomUUID());
        cluster = new LocalCluster("tls", 6, args).restOverHttps(TestCertificates.sslContext(trusted, trusted));
        services.add(cluster.startResourceManager());
        services.add(cluster.startWebUi("-Dsecurity.ssl.rest.enabled=true",
                "-Dsecurity.ssl.rest.authentication-enabled=true",
                "-Dsecurity.ssl.rest.keystore=" + trusted.keyStore(),
                "-Dsecurity.ssl.rest.keystore-password=" + TestCertificates.PASSWORD,
                "-Dsecurity.ssl.rest.truststore=" + trusted.trustStore(),
                "-Dsecurity.ssl.rest.truststore-password=" + TestCertificates.PASSWORD));
        services.add(cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-tls-1"));
        services.add(cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-tls-2"));
        services.add(cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar").toString(),
                "-j", "io.ebbflow.examples.checker.ExactlyOnceChecker", "--job-id", JOB, "-p", "2", "--rate", "2000"));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> JobView.running(cluster, JOB) != null);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTlsClusterRunsAJobAcrossTaskExecutors() {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.accumulator(JOB, "records-checked")).isPositive());
        long checked = cluster.accumulator(JOB, "records-checked");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.accumulator(JOB, "records-checked"))
                .isGreaterThan(checked));
        assertThat(cluster.accumulator(JOB, "violations")).isZero();
        assertThat(cluster.get("/taskmanagers").json().getJsonArray("taskmanagers")).hasSize(2);
        // Whole outputs: the refusals the other tests provoke are logged too, and cluster.logs() keeps only the tails.
        String all = services.stream().map(ServiceProcess::output).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(all).contains("Fetched the jar of job " + JOB);
        assertThat(services.get(1).output()).contains("REST gateway at https://");
    }

    @Test
    void everyChannelRefusesAClientWithoutATrustedCertificate() throws Exception {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.accumulator(JOB, "records-checked")).isPositive());
        Map<String, Set<Integer>> ports = tlsPorts();
        // REST and the TCP bridge of the web-ui, and each service's event bus; the data planes; the blob server.
        assertThat(ports.values().stream().mapToInt(Set::size).sum()).isGreaterThanOrEqualTo(2 + 5 + 2 + 1);
        for (var e : ports.entrySet()) {
            for (int port : e.getValue()) {
                String where = e.getKey() + " port " + port;
                assertThat(TestCertificates.stillOpen(port, TestCertificates.sslContext(trusted, trusted))).as("%s with the cluster's "
                        + "certificate", where).isTrue();
                assertThat(TestCertificates.stillOpen(port, TestCertificates.sslContext(stranger, trusted))).as("%s with an untrusted "
                        + "certificate", where).isFalse();
                assertThat(TestCertificates.stillOpen(port, TestCertificates.noCertificate())).as("%s without a certificate", where).isFalse();
                assertThat(plainTcpIsRefused(port)).as("%s without TLS", where).isTrue();
            }
        }
        await().atMost(TIMEOUT).untilAsserted(() -> {
            String metrics = cluster.scrapeMetrics();
            for (String channel : List.of("data", "blob", "rest", "bridge")) {
                assertThat(metrics).as("refusals on %s counted", channel).containsPattern(
                        "ebbflow_security_refusals_total\\{[^}]*channel=\"tls\"[^}]*reason=\"" + channel + "\"");
            }
            // Each service's event bus: three clients refused (an untrusted certificate, none, plain TCP).
            for (String service : List.of("resource-manager", "web-ui", "task-executor", "job-master")) {
                assertThat(metrics).as("refusals on the event bus of the %s counted", service).containsPattern(
                        "ebbflow_security_refusals_total\\{[^}]*channel=\"tls\"[^}]*reason=\"event-bus\""
                        + "[^}]*service=\"" + service + "\"[^}]*\\} ([3-9]|[1-9][0-9]+)\\.");
            }
        });
        assertThat(JobView.running(cluster, JOB)).as("the job runs on").isNotNull();
    }

    @Test
    void aTaskExecutorWithoutTheClusterSecretNeverJoinsAndTheDerivedNameIsNeverLogged() throws Exception {
        String otherSecret = java.util.UUID.randomUUID().toString();
        ServiceProcess intruder = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-intruder",
                "-Dsecurity.cluster.secret=" + otherSecret, "-Dcluster.join-timeout=5s");

        assertThat(intruder.waitFor(TIMEOUT)).as("the intruder gave up").isTrue();
        assertThat(intruder.exitCode()).isNotZero();
        assertThat(intruder.output()).contains("no data member").contains("(with the cluster secret)");
        assertThat(cluster.get("/taskmanagers").json().getJsonArray("taskmanagers")).hasSize(2);
        String derived = io.ebbflow.core.security.ClusterSecret.hazelcastClusterName(io.ebbflow.core.config.Configuration
                .builder().set(io.ebbflow.core.config.options.ClusterOptions.NAME, cluster.clusterName())
                .set(io.ebbflow.core.config.options.SecurityOptions.CLUSTER_SECRET, otherSecret).build());
        assertThat(intruder.output()).doesNotContain(derived.substring(derived.lastIndexOf('-') + 1));
        for (ServiceProcess p : services) {
            assertThat(p.output()).as("%s's log", p.name()).contains("security.ssl.internal.keystore-password=******")
                    .doesNotContain(TestCertificates.PASSWORD);
        }
    }

    /** Every listening TCP port of every service but the Hazelcast member ports and the Prometheus endpoints. */
    private static Map<String, Set<Integer>> tlsPorts() throws Exception {
        Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
        String listening = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor();
        Pattern metrics = Pattern.compile("Prometheus metrics at http://[^:]+:(\\d+)/metrics");
        Map<String, Set<Integer>> out = new LinkedHashMap<>();
        for (ServiceProcess p : services) {
            Set<Integer> ports = new TreeSet<>();
            Matcher line = Pattern.compile(":(\\d+)\\s.*pid=" + p.pid() + ",").matcher(listening);
            while (line.find()) {
                ports.add(Integer.parseInt(line.group(1)));
            }
            ports.removeAll(cluster.hazelcastPorts());
            Matcher m = metrics.matcher(p.output());
            while (m.find()) {
                ports.remove(Integer.parseInt(m.group(1)));
            }
            out.put(p.name(), ports);
        }
        return out;
    }

    private static boolean plainTcpIsRefused(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(5);
            return !new String(answer, StandardCharsets.US_ASCII).startsWith("HTTP/");
        } catch (IOException e) {
            return true;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
