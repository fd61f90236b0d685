package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.BrowserScript;
import io.ebbflow.e2e.JobAssertions;
import io.ebbflow.e2e.FastScalingPolicy;
import io.ebbflow.e2e.JobView;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.OutputLines;
import io.ebbflow.e2e.ProviderWorkers;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Let it scale itself" (issue 16, item 4) on real processes, with no TaskExecutor started by the test: the
 * ResourceManager starts them ({@code resourcemanager.provider: process}, 2 slots each) and the JobMaster sizes
 * the job ({@code jobmanager.autoscaler.enabled}). A VariableLoad job with the exactly-once checker starts on the
 * one worker the ResourceManager starts for it; its load steps up beyond what one subtask of its slow call reads,
 * the policy raises the slow call to 4 and the ResourceManager starts the one more worker those slots need; the
 * load drops, the policy lowers the slow call to 1 after its scale-down delay, and the ResourceManager releases the
 * idle worker after {@code resourcemanager.taskmanager-timeout}. Every step is observed through REST; the checker
 * sees no violation. Then the dashboard, in headless Chromium where it is installed (required in CI), shows the
 * same workers and counters as {@code GET /overview} and both decisions with their figures. Every worker process is
 * killed by PID at the end, whatever happened.
 */
class SelfScalingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String JOB = "self-scaling";
    private static final Pattern SLOW_CALL_CHANGE =
            Pattern.compile("vertex Slow call -> Discard: busy [^;]*: (\\d+ -> \\d+)");

    @TempDir
    Path dir;

    @Test
    void theJobGrowsFromOneTaskExecutorToTheNeededCountAndBackWithoutAHuman() throws Exception {
        Path rate = dir.resolve("rate");
        Files.writeString(rate, "150");
        LocalCluster cluster = new LocalCluster("self-scaling", 8, List.of("-Dheartbeat.interval=1s",
                "-Dresourcemanager.provider=process", "-Dresourcemanager.taskmanager-timeout=3s",
                "-Dresourcemanager.max-task-executors=3", "-Dtaskmanager.numberOfTaskSlots=2",
                "-Dresourcemanager.process.log-dir=" + dir.resolve("workers"),
                "-Denv.java.opts.taskmanager=" + String.join(" ", ServiceProcess.JVM_FLAGS)));
        ProviderWorkers workers = new ProviderWorkers(cluster);
        try {
            cluster.startResourceManager();
            cluster.startWebUi();
            ServiceProcess jm = cluster.startJobMaster(FastScalingPolicy.arguments(List.of("--job-jar",
                    cluster.home().resolve("examples/target/examples.jar").toString(), "-j",
                    "io.ebbflow.examples.load.VariableLoad", "--job-id", JOB), List.of(
                    "--rate-file", rate.toString(), "--rate", "150", "--cost-us", "1000", "--keys", "64", "--splits", "8",
                    "--checkpoint-interval", "1000", "--check")));

            // The job declares 1 slot and none is registered: the ResourceManager starts one worker, the job runs on it.
            awaitSlowCallAt(cluster, 1);
            Map<String, Long> first = workers.registered();
            assertThat(first).hasSize(1);
            assertThat(workers.view().getInteger("started")).isEqualTo(1);
            assertThat(taskManagers(cluster)).containsExactlyElementsOf(first.keySet());
            assertThat(workers.processes()).hasSize(1);

            // 2500 records/s: more than twice what one subtask of the slow call reads (about 1000/s). The policy asks
            // for 4 subtasks, the ResourceManager starts the second worker their slots need, and no more.
            // Meanwhile REST shows the worker pending (requested or started, not yet registered: a JVM takes over a
            // second to start), and never more than one.
            Files.writeString(rate, "2500");
            Set<Integer> pendingSeen = new TreeSet<>();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                pendingSeen.add(workers.view().getInteger("pending"));
                return slowCallParallelism(cluster) == 4;
            });
            assertThat(pendingSeen).containsExactly(0, 1);
            // (On a loaded machine the source and the checker look busy too, and may be raised with it.)
            // Straight to 4, or in steps (1 -> 2 -> 4) when the first decision saw only the start of the rise: every
            // change of the slow call so far raised it, the newest to 4.
            List<String> ups = changes(cluster);
            assertThat(ups).as("%s", history(cluster)).isNotEmpty().allSatisfy(c -> assertThat(to(c)).isGreaterThan(from(c)));
            assertThat(ups.get(0)).as("%s", history(cluster)).endsWith(" -> 4");
            Map<String, Long> grown = workers.registered();
            assertThat(grown).hasSize(2).containsAllEntriesOf(first);
            assertThat(taskManagers(cluster)).containsExactlyInAnyOrderElementsOf(grown.keySet());
            JsonObject afterUp = workers.view();
            assertThat(afterUp.getInteger("started")).isEqualTo(2);
            assertThat(afterUp.getInteger("pending")).isZero();
            assertThat(afterUp.getLong("failed-starts")).isZero();
            awaitProgress(cluster);

            // Back to 150 records/s: after the scale-down delay the policy lowers the slow call to 1, and the worker
            // left idle is released after the taskmanager-timeout; its process exits.
            Files.writeString(rate, "150");
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, 1));
            // Straight to 1, or in steps (4 -> 2 -> 1) when the first decisions of the delay still saw some of the
            // high load in their window: every change since the scale-up lowers the slow call, the last one to 1.
            List<String> changes = changes(cluster);
            List<String> since = changes.subList(0, changes.size() - ups.size());
            assertThat(since).as("%s", history(cluster)).isNotEmpty().allSatisfy(c -> assertThat(to(c)).isLessThan(from(c)));
            assertThat(since.get(0)).as("%s", history(cluster)).endsWith(" -> 1");
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                JsonObject w = workers.view();
                assertThat(w.getLong("released")).isEqualTo(1);
                assertThat(w.getInteger("started")).isEqualTo(1);
                assertThat(taskManagers(cluster)).hasSize(1);
            });
            Map<String, Long> kept = workers.registered();
            assertThat(grown).containsAllEntriesOf(kept);
            long releasedPid = grown.entrySet().stream().filter(e -> !kept.containsKey(e.getKey())).findFirst()
                    .orElseThrow().getValue();
            await().atMost(TIMEOUT).until(() -> ProcessHandle.of(releasedPid).map(p -> !p.isAlive()).orElse(true));
            assertThat(workers.processes()).hasSize(1);
            awaitProgress(cluster);

            // Planned rescales only, each the policy's, or the rest of the policy's scale-up once the new worker
            // registered (the adaptive scheduler first runs the job on the slots there are), and exactly once throughout.
            List<JsonObject> rescales = history(cluster);
            for (int i = 0; i < rescales.size(); i++) {
                JsonObject e = rescales.get(i);
                assertThat(e.getString("type")).as(e.encode()).isEqualTo("RESCALE");
                if (!e.getString("triggerCause").startsWith("autoscaler: vertex ")) {
                    assertThat(e.getString("triggerCause")).as("%s", rescales).isEqualTo("resources or requirements changed");
                    assertThat(i + 1).as("%s", rescales).isLessThan(rescales.size());
                    Matcher asked = SLOW_CALL_CHANGE.matcher(rescales.get(i + 1).getString("triggerCause"));
                    assertThat(asked.find()).as("%s", rescales).isTrue();
                    int slowCallAfter = e.getJsonObject("parallelismAfter").getMap().values().stream()
                            .mapToInt(v -> ((Number) v).intValue()).max().orElseThrow();
                    assertThat(asked.group(1)).as("%s", rescales).endsWith(" -> " + slowCallAfter);
                    continue;
                }
                assertThat(e.getString("triggerCause")).as(e.encode()).contains(": busy ", ", input ", "capacity ");
            }
            assertThat(cluster.accumulator(JOB, "violations")).as("never incremented: absent (-1)")
                    .isLessThanOrEqualTo(0);
            assertThat(cluster.logs()).doesNotContain("VIOLATION");

            // The dashboard shows the same workers and both decisions.
            if (BrowserScript.chromium().isPresent()) {
                dashboardShowsWorkersAndDecisions(cluster, workers.view());
            }
            jm.stop();
        } finally {
            try {
                cluster.close();
            } finally {
                workers.killAll();
            }
        }
    }

    /** The dashboard in headless Chromium shows the workers block of {@code /overview} and both decisions. */
    private static void dashboardShowsWorkersAndDecisions(LocalCluster cluster, JsonObject workers) throws Exception {
        JsonObject counters = new JsonObject();
        for (String c : List.of("pending", "started", "released", "failed-starts", "crashes")) {
            counters.put(c, workers.getValue(c));
        }
        JsonObject list = new JsonObject();
        workers.getJsonArray("list").forEach(o -> list.put(((JsonObject) o).getString("id"),
                ((JsonObject) o).getString("state")));
        JsonObject expected = new JsonObject().put("provider", "process").put("counters", counters).put("workers", list)
                .put("decisions", new JsonArray(policyDecisions(cluster)));
        Process node = BrowserScript.start(cluster, "self-scaling-test.js", "http://127.0.0.1:" + cluster.restPort() + "/",
                JOB, expected.encode(), BrowserScript.screenshots().toString(),
                BrowserScript.chromium().orElseThrow().toString());
        try {
            OutputLines output = OutputLines.follow(node, "browser-test");
            assertThat(node.waitFor(2, TimeUnit.MINUTES)).as(output.text()).isTrue();
            output.awaitEnd(Duration.ofSeconds(10));
            assertThat(node.exitValue()).as(output.text()).isZero();
            assertThat(output.text()).contains("workers and decisions as REST has them", "OK");
        } finally {
            node.destroyForcibly();
        }
    }

    private static void awaitSlowCallAt(LocalCluster cluster, int p) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> slowCallParallelism(cluster) == p);
    }

    /** The slow call's parallelism while every vertex of the job runs, else -1. */
    private static int slowCallParallelism(LocalCluster cluster) {
        JsonObject job = JobView.running(cluster, JOB);
        if (job == null) {
            return -1;
        }
        return job.getJsonArray("vertices").stream().map(JsonObject.class::cast)
                .filter(v -> v.getString("name").startsWith("Slow call")).findFirst()
                .map(v -> v.getInteger("parallelism")).orElse(-1);
    }

    /**
     * For each rescale, newest first, the slow call's parallelism change as the policy's explanation gives it
     * ({@code "1 -> 4"}), or "" when the rescale did not change it.
     */
    private static List<String> slowCallChanges(LocalCluster cluster) {
        return history(cluster).stream().map(e -> {
            Matcher m = SLOW_CALL_CHANGE.matcher(e.getString("triggerCause"));
            return m.find() ? m.group(1) : "";
        }).toList();
    }

    /**
     * What the dashboard lists as the policy's decisions, newest first: the rescales the policy caused (not the rest of a
     * scale-up once a new worker registered), each the slow call's change or "" when it changed other vertices only.
     */
    private static List<String> policyDecisions(LocalCluster cluster) {
        return history(cluster).stream().filter(e -> e.getString("triggerCause", "").startsWith("autoscaler: "))
                .map(e -> {
                    Matcher m = SLOW_CALL_CHANGE.matcher(e.getString("triggerCause"));
                    return m.find() ? m.group(1) : "";
                }).toList();
    }

    /** The slow call's changes, newest first, leaving out the rescales that did not change it. */
    private static List<String> changes(LocalCluster cluster) {
        return slowCallChanges(cluster).stream().filter(c -> !c.isEmpty()).toList();
    }

    private static int from(String change) {
        return Integer.parseInt(change.split(" -> ")[0]);
    }

    private static int to(String change) {
        return Integer.parseInt(change.split(" -> ")[1]);
    }

    /** The checker counts more records than now. */
    private static void awaitProgress(LocalCluster cluster) {
        long checked = cluster.accumulator(JOB, "records-checked");
        await().atMost(TIMEOUT).until(() -> cluster.accumulator(JOB, "records-checked") > checked);
    }

    private static List<String> taskManagers(LocalCluster cluster) {
        List<String> ids = new ArrayList<>();
        cluster.get("/taskmanagers").json().getJsonArray("taskmanagers")
                .forEach(o -> ids.add(((JsonObject) o).getString("id")));
        return ids;
    }

    /** The rescale history, newest first. */
    private static List<JsonObject> history(LocalCluster cluster) {
        return cluster.get("/jobs/" + JOB + "/rescales/history").json().getJsonArray("rescales").stream()
                .map(JsonObject.class::cast).toList();
    }
}
