package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe of issue 11, with real processes: one byte flipped (same size) in the newest checkpoint's state
 * file, then the job's TaskExecutor killed. With the default retention (2) the job restores the checkpoint
 * before it and the file sink's output stays exactly once; with a retention of 1 there is no intact checkpoint
 * and the job FAILS naming the file, instead of starting again from empty state.
 */
class CheckpointDurabilityIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";

    @TempDir
    Path dir;
    LocalCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster("checkpoint-durability", 6, List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints")));
        cluster.startResourceManager();
        cluster.startWebUi();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aCorruptNewestCheckpointFallsBackToTheOneBeforeItAndTheOutputStaysExactlyOnce() throws Exception {
        ServiceProcess te = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-0", "-Dtaskmanager.numberOfTaskSlots=2");
        int keys = 20;
        int perKey = 1200;
        Path out = dir.resolve("out");
        ServiceProcess jm = startChecker("fallback", keys, perKey, out);
        try {
            awaitCompletedCheckpoints("fallback", 3);
            Path corrupted = killAndCorruptNewest(te, "fallback");
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=2");

            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> !jm.isAlive());
            assertThat(jm.exitCode()).as(jm.output()).isZero();
            assertThat(jm.output()).contains("is corrupt; the next restart uses the newest intact one before it",
                    corrupted.getFileName().toString(), "FINISHED");
            assertThat(cluster.logs()).doesNotContain("VIOLATION");
            Map<String, Integer> lines = new HashMap<>();
            for (String line : committedLines(out)) {
                lines.merge(line, 1, Integer::sum);
            }
            assertThat(lines).hasSize(keys * (perKey / 100));
            assertThat(lines.values()).as("every sampled line committed exactly once").allMatch(n -> n == 1);
        } finally {
            jm.stop();
        }
    }

    @Test
    void withNoIntactCheckpointLeftTheJobFailsNamingTheFileInsteadOfStartingEmpty() throws Exception {
        ServiceProcess te = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-0", "-Dtaskmanager.numberOfTaskSlots=2");
        ServiceProcess jm = startChecker("lonely", 20, Integer.MAX_VALUE, null, "-Dstate.checkpoints.num-retained=1");
        try {
            awaitCompletedCheckpoints("lonely", 3);
            Path corrupted = killAndCorruptNewest(te, "lonely");
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=2");

            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> !jm.isAlive());
            assertThat(jm.exitCode()).as(jm.output()).isEqualTo(1);
            assertThat(jm.output()).contains("no intact checkpoint of the job is left to restore",
                    corrupted.toString(), "rather than start from empty state", "FAILED");
            assertThat(jm.output()).doesNotContain("from the beginning");
            assertThat(Files.exists(corrupted)).as("the corrupt checkpoint is kept for inspection").isTrue();
        } finally {
            jm.stop();
        }
    }

    private ServiceProcess startChecker(String jobId, int keys, int perKey, Path out, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--job-jar", cluster.home().resolve("examples/target/examples.jar").toString(),
                "-j", CHECKER, "--job-id", jobId, "-p", "2", "-Drestart-strategy.type=fixed-delay",
                "-Drestart-strategy.fixed-delay.attempts=10", "-Drestart-strategy.fixed-delay.delay=200ms"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--keys", String.valueOf(keys), "--rate", "2000", "--checkpoint-interval", "300"));
        if (perKey != Integer.MAX_VALUE) {
            args.addAll(List.of("--count", String.valueOf(perKey)));
        }
        if (out != null) {
            args.addAll(List.of("--output", out.toString()));
        }
        return cluster.startJobMaster(args.toArray(String[]::new));
    }

    private void awaitCompletedCheckpoints(String jobId, int n) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            LocalCluster.Response r = cluster.get("/jobs/" + jobId + "/checkpoints");
            return r.ok() && r.json().getJsonObject("counts").getInteger("completed") >= n;
        });
    }

    /**
     * Kills the only TaskExecutor (so no checkpoint completes any more), then flips one byte of the newest
     * completed checkpoint's largest state file, keeping its size.
     */
    private Path killAndCorruptNewest(ServiceProcess te, String jobId) throws IOException {
        te.kill();
        Path jobDir = dir.resolve("checkpoints").resolve(jobId);
        Path newest;
        try (Stream<Path> chks = Files.list(jobDir)) {
            newest = chks.filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))))
                    .orElseThrow();
        }
        Path file;
        try (Stream<Path> files = Files.list(newest)) {
            file = files.filter(p -> p.toString().endsWith(".state")).max(Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(8); // the first key group's block, right after the header
            int b = raf.read();
            raf.seek(8);
            raf.write(b ^ 0x5A);
        }
        return file;
    }

    private static List<String> committedLines(Path out) throws IOException {
        return io.ebbflow.e2e.JobView.committedLines(out);
    }
}
