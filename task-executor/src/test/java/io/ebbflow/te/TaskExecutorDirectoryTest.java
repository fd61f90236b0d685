package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskExecutorMessages.TriggerCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A TaskExecutor writes and deletes only inside its own directory: canary files beside that directory and
 * beside a job's directory survive jobs with hostile ids and hostile jar hashes, and a job leaving.
 */
class TaskExecutorDirectoryTest {

    private static final byte[] JAR = "not really a jar, but the bytes the JobMaster serves".getBytes(StandardCharsets.UTF_8);
    private static Vertx vertx;
    private static HttpServer blobs;
    private static String sha256;

    @TempDir
    Path root;
    private Path teDir;
    private Path besideTe;
    private Path besideJobs;
    private UserCodeLoader userCode;

    @BeforeAll
    static void serveAJar() throws Exception {
        vertx = Vertx.vertx();
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JAR));
        blobs = await(vertx.createHttpServer().requestHandler(r -> r.response().end(Buffer.buffer(JAR))).listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    @BeforeEach
    void canaries() throws Exception {
        teDir = Files.createDirectories(root.resolve("ebbflow-te-1"));
        besideTe = Files.writeString(root.resolve("canary-beside-the-task-executor"), "alive");
        besideJobs = Files.writeString(teDir.resolve("canary-beside-the-jobs"), "alive");
        userCode = new UserCodeLoader(vertx, "te-1", teDir);
    }

    static Stream<String> hostileJobIds() {
        return Stream.of("..", ".", "../x", "../canary-beside-the-task-executor", "a/b", "/abs", root(), "a".repeat(129),
                "-x", "ünïcødé", "a\u0000b", "canary-beside-the-jobs/..", "");
    }

    private static String root() {
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();
    }

    @ParameterizedTest
    @MethodSource("hostileJobIds")
    void aJobWithAHostileIdNeitherWritesNorDeletesAnything(String jobId) throws Exception {
        Throwable refused = await(userCode.classLoader(jobId, url(), sha256, io.ebbflow.core.security.JobSecret.generate()).transform(ar -> Future.succeededFuture(ar.cause())));
        assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job id");

        userCode.release(jobId);
        userCode.releaseAll();

        assertCanariesAlive();
        try (Stream<Path> files = Files.list(teDir)) {
            assertThat(files).containsExactly(besideJobs);
        }
    }

    @ParameterizedTest
    @MethodSource("hostileHashes")
    void aHostileJarHashNamesNoFile(String hash) throws Exception {
        Throwable refused = await(userCode.classLoader("job-1", url(), hash, io.ebbflow.core.security.JobSecret.generate()).transform(ar -> Future.succeededFuture(ar.cause())));
        assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHA-256");
        assertCanariesAlive();
    }

    static List<String> hostileHashes() {
        return List.of("/../../canary-beside-the-task-executor", "../../x", "AB".repeat(32), "0".repeat(63), "");
    }

    @Test
    void aJobLeavingDeletesOnlyItsOwnDirectory() throws Exception {
        Path otherJobJar = Files.createDirectories(teDir.resolve("job-2")).resolve("keep.jar");
        Files.writeString(otherJobJar, "job 2's");
        URLClassLoader loader = await(userCode.classLoader("job-1", url(), sha256, io.ebbflow.core.security.JobSecret.generate()));
        Path jar = teDir.resolve("job-1").resolve("job-" + sha256 + ".jar");
        assertThat(Path.of(loader.getURLs()[0].toURI())).isEqualTo(jar);
        assertThat(jar).hasBinaryContent(JAR);

        userCode.release("job-1");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(teDir.resolve("job-1")));
        assertThat(otherJobJar).exists();
        assertCanariesAlive();
    }

    @Test
    void aCheckpointTriggerNamingAnotherDirectoryIsRefusedBeforeAnySubtaskSeesIt() {
        RunningTasks tasks = new RunningTasks();
        String elsewhere = teDir.resolve("job-1").resolve("..").resolve("..").toString();
        assertThatThrownBy(() -> tasks.triggerCheckpoint(new TriggerCheckpoint("job-1", 1, List.of("e1"), 3, 0L, elsewhere,
                false, false)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.MALFORMED))
                .hasMessageContaining("checkpoint 3 of job job-1 refused");
        String right = root.toAbsolutePath().resolve("checkpoints/job-1/chk-3").toString();
        assertThat(tasks.triggerCheckpoint(new TriggerCheckpoint("job-1", 1, List.of("e1"), 3, 0L, right, false, false)))
                .containsExactly("e1");
        assertCanariesAlive();
    }

    private void assertCanariesAlive() {
        assertThat(teDir).isDirectory();
        assertThat(besideTe).hasContent("alive");
        assertThat(besideJobs).hasContent("alive");
    }

    private static String url() {
        return "http://127.0.0.1:" + blobs.actualPort() + "/blobs/job/job.jar";
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
