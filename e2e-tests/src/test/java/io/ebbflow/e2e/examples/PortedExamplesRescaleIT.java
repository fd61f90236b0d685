package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.JobAssertions;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.examples.sideoutput.SideOutputs;
import io.ebbflow.examples.windowing.SessionWindowing;
import io.ebbflow.runtime.testing.CommittedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ports of Flink's streaming examples (session windowing, window join, side outputs, and the connected-streams
 * sensor thresholds) as real jobs on one cluster (ResourceManager, web-ui, one TaskExecutor of eight slots, a
 * JobMaster process per job), all four at once. Each starts at parallelism 1 and is scaled to 2 over
 * {@code PUT /jobs/:id/resource-requirements} while its sources still run (windows, timers and keyed state split
 * between two subtasks), then runs to the end of its bounded input. Their exactly-once files must hold exactly
 * the output computed here from the examples' generator functions: no record lost, none written twice.
 * (The async I/O example goes through rescales in {@link AsyncRescaleIT}.)
 */
class PortedExamplesRescaleIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    static LocalCluster cluster;
    static Path work;

    /** A job to run: its example class and arguments, and the lines each of its output directories must hold. */
    record Port(String job, String mainClass, List<String> args, Map<String, List<?>> expectedBySubdirectory) {
    }

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createTempDirectory("ported-rescale");
        cluster = new LocalCluster("ported-rescale", 8, List.of());
        cluster.startResourceManager();
        cluster.startWebUi();
        cluster.start("task-executor", List.of("-Xmx256m"), "-Dtaskmanager.resource-id=te-1",
                "-Dtaskmanager.numberOfTaskSlots=8");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyPortedExampleWritesItsExpectedOutputOnceThroughARescale() throws Exception {
        // Each source runs about 20 s at its rate: long enough for the rescale, which needs a checkpoint (1 s).
        List<Port> ports = List.of(sessionWindowing(), windowJoin(), sideOutputs(), sensorThresholds());
        List<ServiceProcess> jobMasters = new ArrayList<>();
        try {
            for (Port port : ports) {
                List<String> args = new ArrayList<>(List.of("--job-jar",
                        cluster.home().resolve("examples/target/examples.jar").toString(), "-j", port.mainClass(),
                        "--job-id", port.job(), "-p", "1",
                        "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                        "--checkpoint-interval", "1000", "--output", work.resolve(port.job()).toString()));
                args.addAll(port.args());
                jobMasters.add(cluster.startJobMaster(args.toArray(String[]::new)));
            }
            for (Port port : ports) {
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, port.job(), 1));
                JobAssertions.putParallelismBounds(cluster, port.job(), 1, 2);
            }
            for (Port port : ports) {
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertThat(JobAssertions.rescaleHistory(cluster, port.job())).as(port.job()).anySatisfy(e -> {
                            assertThat(e.getString("type")).isEqualTo("RESCALE");
                            assertThat(e.getString("terminalState")).isEqualTo("COMPLETED");
                            assertThat(e.getJsonObject("parallelismBefore").getMap().values()).containsOnly(1);
                            assertThat(e.getJsonObject("parallelismAfter").getMap().values()).containsOnly(2);
                        }));
            }
            for (int i = 0; i < ports.size(); i++) {
                ServiceProcess jm = jobMasters.get(i);
                await().atMost(Duration.ofMinutes(2)).until(() -> !jm.isAlive());
                assertThat(jm.exitCode()).as("the JobMaster of the finished job " + ports.get(i).job()).isZero();
            }
        } finally {
            jobMasters.forEach(ServiceProcess::stop);
        }

        for (Port port : ports) {
            for (Map.Entry<String, List<?>> output : port.expectedBySubdirectory().entrySet()) {
                Path dir = work.resolve(port.job() + output.getKey());
                assertThat(violations(dir, output.getValue())).as("%s: lines not written exactly once", dir).isEmpty();
            }
        }
    }

    /** Lines of {@code expected} not committed exactly as often as expected, and committed lines not expected. */
    private static List<String> violations(Path dir, List<?> expected) throws java.io.IOException {
        Map<String, Integer> want = new HashMap<>();
        expected.forEach(e -> want.merge(e.toString(), 1, Integer::sum));
        assertThat(want).as("the reference is not empty").isNotEmpty();
        Map<String, Integer> committed = CommittedFiles.lineCounts(dir);
        List<String> wrong = new ArrayList<>();
        want.forEach((line, times) -> {
            int got = committed.getOrDefault(line, 0);
            if (got != times) {
                wrong.add(line + " x" + got + " (expected x" + times + ")");
            }
        });
        committed.forEach((line, times) -> {
            if (!want.containsKey(line)) {
                wrong.add(line + " x" + times + " (not expected)");
            }
        });
        return wrong;
    }

    private static Port sessionWindowing() {
        long seed = 11;
        int users = 4;
        int clicks = 3_000;
        long gap = 3_000;
        return new Port("sessions", "io.ebbflow.examples.windowing.SessionWindowing",
                List.of("--seed", String.valueOf(seed), "--users", String.valueOf(users), "--clicks", String.valueOf(clicks),
                        "--gap-ms", String.valueOf(gap), "--rate", "150"),
                Map.of("", PortedExamplesReference.sessions(SessionWindowing.clicks(seed, users, clicks, gap), gap)));
    }

    private static Port windowJoin() {
        long seed = 5;
        long count = 2_000;
        long window = 2_000;
        return new Port("window-join", "io.ebbflow.examples.join.WindowJoin",
                List.of("--seed", String.valueOf(seed), "--count", String.valueOf(count), "--window-size",
                        String.valueOf(window), "--rate", "100"),
                Map.of("", PortedExamplesReference.windowJoin(seed, count, window)));
    }

    private static Port sideOutputs() {
        long lines = 3_000;
        int maxLength = 5;
        PortedExamplesReference.WordCounts expected = PortedExamplesReference.sideOutputCounts(
                LongStream.range(0, lines).mapToObj(SideOutputs::line).toList(), maxLength);
        Map<String, List<?>> bySubdirectory = new LinkedHashMap<>();
        bySubdirectory.put("/counts", expected.counts());
        bySubdirectory.put("/rejected", expected.rejectedByLength());
        return new Port("side-outputs", "io.ebbflow.examples.sideoutput.SideOutputs",
                List.of("--lines", String.valueOf(lines), "--max-length", String.valueOf(maxLength), "--rate", "150"),
                bySubdirectory);
    }

    private static Port sensorThresholds() {
        long seed = 3;
        int sensors = 8;
        long readings = 6_000;
        return new Port("sensor-thresholds", "io.ebbflow.examples.connected.SensorThresholds",
                List.of("--seed", String.valueOf(seed), "--sensors", String.valueOf(sensors), "--count",
                        String.valueOf(readings), "--rate", "300"),
                Map.of("", PortedExamplesReference.sensorAlerts(seed, sensors, readings)));
    }

}
