package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ebbflow <service>}, the README's way to start a service: a local cluster started with it runs a
 * job; every service runs with the project's JVM defaults and maps its class-data sharing archive (made by the
 * build, module {@code cds}), unless told not to; an unknown service is refused with the usage.
 */
class LauncherIT {

    private static final Path HOME = Path.of(System.getProperty("ebbflow.home", "..")).toAbsolutePath().normalize();
    private static final boolean ARCHIVES_SKIPPED = Boolean.parseBoolean(System.getProperty("cds.skip", "false"));

    @TempDir
    Path dir;
    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(ServiceProcess::terminate);
        processes.forEach(ServiceProcess::stop);
    }

    @Test
    void aClusterStartedWithTheLauncherRunsAJobWithTheArchivesMapped() throws Exception {
        int restPort = freePort();
        // As the README starts services: no member list, each binds the first free port of a range and probes it.
        List<String> common = List.of("-Dcluster.name=launcher-" + UUID.randomUUID(), "-Dcluster.port="
                + Ports.freeRange(10), "-Dcluster.port-count=10", "-Dmetrics.reporter.prom.port=0",
                "-Dhigh-availability.storageDir=" + dir.resolve("ha"), "-Dstate.checkpoints.dir=" + dir.resolve("chk"));
        ServiceProcess rm = launch("resource-manager", Map.of(), common);
        ServiceProcess web = launch("web-ui", Map.of(), with(common, "-Drest.port=" + restPort,
                "-Deventbus.tcp-bridge.port=-1"));
        ServiceProcess jm = launch("job-master", Map.of(), with(common, "--job-jar",
                HOME.resolve("examples/target/examples.jar").toString(), "-j",
                "io.ebbflow.examples.windowing.TopSpeedWindowing", "-p", "2", "--job-id", "launched", "--output",
                dir.resolve("out").toString()));
        ServiceProcess te = launch("task-executor", Map.of(), with(common, "-Dtaskmanager.numberOfTaskSlots=2"));
        ServiceProcess withoutArchive = launch("task-executor", Map.of("EBBFLOW_CDS", "off"), with(common,
                "-Dtaskmanager.numberOfTaskSlots=1"));

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
            processes.forEach(p -> assertThat(p.isAlive()).as("%s is alive: %s", p.name(), p.output()).isTrue());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort
                    + "/jobs/launched")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject job = new JsonObject(r.body());
            assertThat(job.getString("state")).isEqualTo("RUNNING");
            job.getJsonArray("vertices").forEach(v -> assertThat(((JsonObject) v).getString("status")).isEqualTo("RUNNING"));
        });

        for (ServiceProcess p : List.of(rm, web, jm, te, withoutArchive)) {
            List<String> args = List.of(ProcessHandle.of(p.pid()).orElseThrow().info().arguments().orElseThrow());
            assertThat(args).as("the launcher's defaults for %s", p.name()).contains("-XX:+UseSerialGC", "-Xss512k");
            assertThat(p.output()).as("%s started without complaints about its archive", p.name())
                    .doesNotContain("[cds").doesNotContain("shared archive");
        }
        assertThat(List.of(ProcessHandle.of(jm.pid()).orElseThrow().info().arguments().orElseThrow()))
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(List.of(ProcessHandle.of(te.pid()).orElseThrow().info().arguments().orElseThrow()))
                .doesNotContain("-XX:TieredStopAtLevel=1"); // the records' code gets the full compiler
        if (!ARCHIVES_SKIPPED) {
            for (ServiceProcess p : List.of(rm, web, jm, te)) {
                String service = serviceOf(p);
                assertThat(mappedFiles(p)).as("%s maps its class-data sharing archive", p.name())
                        .contains(HOME.resolve(service + "/target/" + service + ".jsa").toString());
            }
        }
        assertThat(mappedFiles(withoutArchive)).as("EBBFLOW_CDS=off: not the service's archive (the JDK's own is fine)")
                .doesNotContain("task-executor.jsa");
    }

    @Test
    void anUnknownServiceIsRefusedWithTheUsage() throws Exception {
        Process p = new ProcessBuilder("bash", HOME.resolve("bin/ebbflow").toString(), "job-manager").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out).contains("unknown service 'job-manager'")
                .contains("usage: bin/ebbflow resource-manager|web-ui|job-master|task-executor");
    }

    private ServiceProcess launch(String service, Map<String, String> env, List<String> args) throws IOException {
        ServiceProcess p = ServiceProcess.launch(service + "-" + processes.size(), HOME, service, env, args,
                dir.resolve("logs").resolve(service + "-" + processes.size() + ".log"));
        processes.add(p);
        return p;
    }

    private static List<String> with(List<String> common, String... more) {
        List<String> out = new ArrayList<>(common);
        out.addAll(List.of(more));
        return out;
    }

    private static String serviceOf(ServiceProcess p) {
        return p.name().substring(0, p.name().lastIndexOf('-'));
    }

    /** The files the process has mapped (its archive appears here when class-data sharing is on). */
    private static String mappedFiles(ServiceProcess p) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
