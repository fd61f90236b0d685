package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser (headless Chromium, driven by playwright-core from
 * {@code src/test/browser/dashboard-test.js}) while the cluster changes underneath it: two TaskExecutors
 * and a reactive job at parallelism 2; a third TaskExecutor is started and, without a reload, the page
 * shows its slots, parallelism 3 and the new rescale; then the job is cancelled from the page with the
 * REST token. Screenshots of each step go to {@code target/browser-screenshots}. CI installs Chromium
 * ({@code .ci/run}) and requires this test; elsewhere it runs where Chromium is installed.
 */
class DashboardBrowserIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void theDashboardFollowsATaskExecutorJoiningAndCancelsTheJobWithTheToken() throws Exception {
        Path chromium = BrowserScript.chromium().orElse(null);
        Assumptions.assumeTrue(chromium != null, "no Chromium (apt-get install chromium)");
        Path screenshots = BrowserScript.screenshots();
        Process node = null;
        try (LocalCluster cluster = new LocalCluster("dashboard-browser", 6, List.of())) {
            cluster.startResourceManager();
            cluster.startWebUi("-Drest.auth.token=s3cret", "-Deventbus.status.interval=250ms");
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=1");
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-2", "-Dtaskmanager.numberOfTaskSlots=1");
            cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar").toString(), "-j",
                    "io.ebbflow.examples.checker.ExactlyOnceChecker", "--job-id", "browsed", "-Dscheduler-mode=reactive",
                    "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s", "--keys", "60",
                    "--rate", "1000", "--splits", "6", "--checkpoint-interval", "1000");
            await().atMost(TIMEOUT).untilAsserted(() -> {
                LocalCluster.Response job = cluster.get("/jobs/browsed");
                assertThat(job.status()).as(job.body()).isEqualTo(200);
                assertThat(job.json().getJsonArray("vertices")).as(job.body()).isNotEmpty()
                        .allSatisfy(v -> assertThat(((io.vertx.core.json.JsonObject) v).getInteger("parallelism"))
                                .isEqualTo(2));
            });

            node = BrowserScript.start(cluster, "dashboard-test.js", "http://127.0.0.1:" + cluster.restPort() + "/",
                    "browsed", "s3cret", screenshots.toString(), chromium.toString());
            Process browser = node;
            OutputLines output = OutputLines.follow(browser, "browser-test");

            // Step 1 done in the page: it waits for the third TaskExecutor.
            await().atMost(TIMEOUT).until(() -> output.any("waiting: third TaskExecutor") || !browser.isAlive());
            assertThat(browser.isAlive()).as(output.text()).isTrue();
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-3", "-Dtaskmanager.numberOfTaskSlots=1");
            OutputStream stdin = node.getOutputStream();
            stdin.write("started\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();

            assertThat(node.waitFor(5, TimeUnit.MINUTES)).as(output.text()).isTrue();
            output.awaitEnd(Duration.ofSeconds(10));
            String out = output.text();
            assertThat(node.exitValue()).as(out).isZero();
            assertThat(out).contains("two TaskExecutors", "workers: provider standalone",
                    "every vertex at parallelism 2", "charts: records, busy and backlog",
                    "a third TaskExecutor",
                    "every vertex at parallelism 3", "no reload", "the page shows the job CANCELED", "OK");
            for (String shot : List.of("1-two-taskexecutors", "2-three-taskexecutors-rescaled", "3-cancelled")) {
                Path png = screenshots.resolve(shot + ".png");
                assertThat(png).as(out).exists();
                assertThat(Files.size(png)).as(shot).isGreaterThan(10_000);
            }
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.get("/jobs/browsed").json().getString("state"))
                    .isEqualTo("CANCELED"));
        } finally {
            if (node != null && node.isAlive()) {
                node.destroyForcibly();
            }
        }
    }
}
