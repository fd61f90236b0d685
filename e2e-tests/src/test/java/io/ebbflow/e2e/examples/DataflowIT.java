package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.e2e.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs from job jars on a cluster of real processes: ResourceManager, web-ui, two TaskExecutors with
 * one slot each (so a job at parallelism 2 spans both and its shuffles cross TCP), and one JobMaster
 * process per job, started as the README says. Each test checks the job's output files exactly.
 */
class DataflowIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    static LocalCluster cluster;
    static ServiceProcess te1;
    static ServiceProcess te2;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LocalCluster("dataflow", 8, List.of());
        cluster.startResourceManager();
        cluster.startWebUi();
        te1 = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=1");
        te2 = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-2", "-Dtaskmanager.numberOfTaskSlots=1");
        awaitBothSlotsFree();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void wordCountAcrossTwoTaskExecutorsGivesExactCounts(@TempDir Path dir) throws Exception {
        List<String> text = WordCountReference.text(17, 30_000, 1_000);
        Path input = Files.write(dir.resolve("words.txt"), text);
        Path output = dir.resolve("counts");

        runToEnd("wordcount", examplesJar(), "io.ebbflow.examples.wordcount.WordCount", "-p", "2",
                "--input", input.toString(), "--output", output.toString());

        assertThat(output.resolve("part-0.txt")).exists();
        assertThat(output.resolve("part-1.txt")).exists();
        List<String> emitted = readParts(output);
        emitted.sort(null);
        List<String> expected = new ArrayList<>(WordCountReference.emittedLines(WordCountReference.counts(text)));
        assertThat(emitted).hasSameSizeAs(expected).isEqualTo(expected);
        assertThat(te1.output()).contains("of job wordcount into slot");
        assertThat(te2.output()).contains("of job wordcount into slot");
    }

    @Test
    void topSpeedWindowingEqualsTheSingleThreadedReference(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("top-speeds");
        runToEnd("top-speed", examplesJar(), "io.ebbflow.examples.windowing.TopSpeedWindowing", "-p", "2",
                "--cars", "6", "--events-per-car", "4000", "--rate", "0", "--seed", "2026", "--output", output.toString());

        Map<Integer, List<String>> expected = TopSpeedReference.expected(2026, 6, 4000);
        assertThat(TopSpeedReference.byCar(readParts(output))).isEqualTo(expected);
    }

    @Test
    void aJobJarBuiltOutsideTheRepositoryRuns(@TempDir Path dir) throws Exception {
        Path jar = buildOutsideJobJar(dir.resolve("my-job"));
        Path output = dir.resolve("shouts");
        runToEnd("outside", jar, "com.example.shout.ShoutJob", "-p", "2", "--count", "5000", "--output",
                output.toString());

        List<String> lines = readParts(output);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 5000; i++) {
            expected.add("LINE " + i + " HAS " + String.valueOf(i).length() + " DIGITS");
        }
        assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aFailingUserFunctionFailsTheJobWithItsCause(@TempDir Path dir) throws Exception {
        Path jar = buildOutsideJobJar(dir.resolve("my-job"));
        String output = runToExit(1, "failing", jar, "com.example.shout.FailingJob", "-p", "2");
        assertThat(output).contains("Job failing (Failing) FAILED after")
                .contains("IllegalStateException: record 5000 is cursed")
                .contains("com.example.shout.FailingJob.lambda");
        await().atMost(JOB_TIMEOUT).untilAsserted(() -> assertThat(te1.output() + te2.output())
                .containsPattern("Subtask .* of job failing FAILED"));
        assertThat(cluster.get("/jobs/failing").json().getString("state")).isEqualTo("FAILED");
    }

    @Test
    void aRunningJobShowsItsVerticesAndMetricsAndStopsCleanly() throws Exception {
        List<String> published = java.util.Collections.synchronizedList(new ArrayList<>());
        TestNode watcher = TestNode.join(cluster);
        watcher.node().vertx().eventBus().<String>consumer("top-speeds", m -> published.add(m.body()));
        ServiceProcess jm = startJob("live", examplesJar(), "io.ebbflow.examples.windowing.TopSpeedWindowing", "-p", "2",
                "--cars", "8", "--rate", "20", "--publish", "top-speeds");
        try {
            await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                LocalCluster.Response r = cluster.get("/jobs/live");
                assertThat(r.ok()).as(r.body()).isTrue();
                assertThat(r.json().getString("state")).isEqualTo("RUNNING");
                JsonArray vertices = r.json().getJsonArray("vertices");
                assertThat(vertices).hasSize(2);
                JsonObject source = vertices.getJsonObject(0);
                JsonObject window = vertices.getJsonObject(1);
                assertThat(source.getString("status")).isEqualTo("RUNNING");
                assertThat(window.getString("status")).isEqualTo("RUNNING");
                assertThat(source.getInteger("parallelism")).isEqualTo(2);
                assertThat(window.getInteger("parallelism")).isEqualTo(2);
                assertThat(source.getJsonObject("metrics").getLong("write-records")).isPositive();
                assertThat(source.getJsonObject("metrics").getLong("write-bytes")).isPositive();
                assertThat(window.getJsonObject("metrics").getLong("read-records")).isPositive();
                assertThat(window.getJsonObject("metrics").getLong("read-bytes")).isPositive();
                JsonObject subtasks = cluster.get("/jobs/live/vertices/" + window.getString("id")).json();
                assertThat(subtasks.getJsonArray("subtasks")).hasSize(2);
            });
            assertThat(cluster.get("/taskmanagers").json().getJsonArray("taskmanagers").stream()
                    .mapToInt(t -> ((JsonObject) t).getInteger("freeSlots")).sum()).isZero();
            // The event-bus sink publishes every result to the cluster: a member watching the address sees them.
            await().atMost(JOB_TIMEOUT).until(() -> published.size() >= 5);
            assertThat(new ArrayList<>(published)).allSatisfy(line -> assertThat(line).matches("\\(\\d+,\\d+,[0-9.E]+,\\d+\\)"));
        } finally {
            jm.stop();
            watcher.close();
        }
        // The JobMaster is gone: its tasks are cancelled and both slots are free again.
        awaitBothSlotsFree();
        await().atMost(JOB_TIMEOUT).untilAsserted(() -> {
            assertThat(te1.output()).containsPattern("Subtask .* of job live CANCELED");
            assertThat(te2.output()).containsPattern("Subtask .* of job live CANCELED");
        });
    }

    // ------------------------------------------------------------------ helpers

    private static ServiceProcess startJob(String jobId, Path jar, String jobClass, String... args) {
        List<String> all = new ArrayList<>(List.of("--job-jar", jar.toString(), "-j", jobClass, "--job-id", jobId));
        all.addAll(List.of(args));
        try {
            return cluster.startJobMaster(all.toArray(String[]::new));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a bounded job with its own JobMaster process and waits until it ends successfully. */
    private static void runToEnd(String jobId, Path jar, String jobClass, String... args) {
        assertThat(runToExit(0, jobId, jar, jobClass, args)).contains("Job " + jobId + " (").contains(") FINISHED after");
    }

    /**
     * Runs a job with its own JobMaster process until the process exits with {@code exitCode} and the job's
     * slots are free again (before the next job); returns the JobMaster's output.
     */
    private static String runToExit(int exitCode, String jobId, Path jar, String jobClass, String... args) {
        ServiceProcess jm = startJob(jobId, jar, jobClass, args);
        String output;
        try {
            await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> !jm.isAlive());
            output = jm.output();
            assertThat(jm.exitCode()).as("JobMaster exit code; output:\n%s", output).isEqualTo(exitCode);
        } finally {
            jm.stop();
        }
        awaitBothSlotsFree();
        return output;
    }

    /** Both TaskExecutors' slots are free (no job holds them). */
    private static void awaitBothSlotsFree() {
        await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            LocalCluster.Response r = cluster.get("/overview");
            assertThat(r.json()).as("GET /overview: %s %s%nservice logs:%s", r.status(), r.body(), cluster.logs()).isNotNull();
            JsonObject overview = r.json();
            assertThat(overview.getInteger("slots-available")).isEqualTo(2);
        });
    }

    private static Path examplesJar() {
        return cluster.home().resolve("examples/target/examples.jar");
    }

    private static List<String> readParts(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    /**
     * Compiles a job against the api jar alone, in a directory outside the repository, and packages it
     * as a jar, as a user's own build would. The job uses its own record type across a shuffle and lambdas.
     */
    private static Path buildOutsideJobJar(Path dir) throws IOException {
        Path src = dir.resolve("src/com/example/shout");
        Files.createDirectories(src);
        Files.writeString(src.resolve("ShoutJob.java"), """
                package com.example.shout;

                import io.ebbflow.api.StreamExecutionEnvironment;
                import io.ebbflow.api.utils.ParameterTool;

                public class ShoutJob {
                    public record Line(long number, String text) {
                    }

                    public static void main(String[] args) throws Exception {
                        ParameterTool params = ParameterTool.fromArgs(args);
                        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                        env.fromSequence(1, params.getLong("count", 100))
                                .map(i -> new Line(i, "line " + i + " has " + String.valueOf(i).length() + " digits"))
                                .keyBy(line -> line.number() % 7)
                                .map(line -> line.text().toUpperCase())
                                .writeAsText(params.getRequired("output"));
                        env.execute("Shout");
                    }
                }
                """);
        Files.writeString(src.resolve("FailingJob.java"), """
                package com.example.shout;

                import io.ebbflow.api.StreamExecutionEnvironment;
                import io.ebbflow.api.connector.DiscardingSink;

                public class FailingJob {
                    public static void main(String[] args) throws Exception {
                        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                        env.fromSequence(1, Long.MAX_VALUE)
                                .map(i -> {
                                    if (i == 5000) {
                                        throw new IllegalStateException("record " + i + " is cursed");
                                    }
                                    return i;
                                })
                                .addSink(new DiscardingSink<>());
                        env.execute("Failing");
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path api;
        try (Stream<Path> jars = Files.list(cluster.home().resolve("api/target"))) {
            api = jars.filter(p -> p.getFileName().toString().matches("ebbflow-api-.*\\.jar")
                    && !p.getFileName().toString().contains("sources") && !p.getFileName().toString().contains("tests"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("api jar not built"));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-cp", api.toString(), "-d", classes.toString(),
                src.resolve("ShoutJob.java").toString(), src.resolve("FailingJob.java").toString());
        assertThat(rc).as("javac exit code").isZero();

        Path jar = dir.resolve("shout-job.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
        return jar;
    }
}
