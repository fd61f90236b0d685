package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.OutputLines;
import io.ebbflow.e2e.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The autoscaler recipe ({@code examples/autoscaler/autoscaler.js}, Node.js) as a child process watching one job of a
 * {@link LocalCluster} over its TCP event-bus bridge, starting 1-slot TaskExecutors of that cluster on one reserved
 * port. Closing it stops it (SIGTERM, it stops what it started) and then every TaskExecutor it started, by PID.
 */
public final class AutoscalerProcess implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern STARTED = Pattern.compile("started TaskExecutor pid (\\d+)");

    private final List<Long> startedPids = new CopyOnWriteArrayList<>();
    private final Process node;
    private final OutputLines output;

    /** Starts it for {@code job} with the autoscaler's own options {@code options} ({@code --high 700}, ...). */
    public AutoscalerProcess(LocalCluster cluster, String job, String logName, List<String> options) throws IOException {
        int port = cluster.reservePort();
        Path logs = Path.of(System.getProperty("ebbflow.e2e.logs", "target/e2e-logs")).resolve(logName);
        List<String> command = new ArrayList<>(List.of("node", "autoscaler.js", "--job", job,
                "--bridge", "127.0.0.1:" + cluster.tcpBridgePort()));
        command.addAll(options);
        command.addAll(List.of("--jar", cluster.home().resolve("task-executor/target/task-executor.jar").toString(),
                "--java", ServiceProcess.javaExecutable(),
                "--te-cluster-ports", Integer.toString(port), "--te-log-dir", logs.toString(), "--stop-on-exit"));
        for (String arg : List.of("-Dcluster.name=" + cluster.clusterName(), "-Dcluster.members=" + cluster.members(),
                "-Dmetrics.reporter.prom.port=0", "-Dtaskmanager.numberOfTaskSlots=1")) {
            command.add("--te-arg");
            command.add(arg);
        }
        node = new ProcessBuilder(command).directory(cluster.home().resolve("examples/autoscaler").toFile())
                .redirectErrorStream(true).start();
        output = OutputLines.follow(node, logName, line -> {
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                startedPids.add(Long.parseLong(m.group(1)));
            }
        });
    }

    /** The PIDs of the TaskExecutors it started, in order. */
    public List<Long> startedPids() {
        return startedPids;
    }

    public String text() {
        return output.text();
    }

    /** Waits until a line of its output contains {@code text}. */
    public void awaitLine(String text) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(output.any(text)).as("%s in:\n%s", text, output.text())
                .isTrue());
    }

    @Override
    public void close() throws InterruptedException {
        node.destroy(); // SIGTERM: with --stop-on-exit it stops the TaskExecutors it started
        if (!node.waitFor(20, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
        for (long pid : startedPids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
