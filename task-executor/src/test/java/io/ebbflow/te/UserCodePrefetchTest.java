package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.security.JobSecret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar is fetched when the JobMaster accepts slots, once: the deployment that follows gets the same class
 * loader without a second download; a jar that fails its check is not kept, and the next attempt fetches again.
 */
class UserCodePrefetchTest {

    private static final JobSecret SECRET = JobSecret.generate();

    private final byte[] jar = new byte[3 * 1024 * 1024 + 17]; // several chunks: the stream is written in pieces
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean corrupt;
    private Vertx vertx;
    private HttpServer blobs;
    private String sha256;
    private UserCodeLoader userCode;

    @TempDir
    Path dir;

    @BeforeEach
    void serveAJar() throws Exception {
        new Random(7).nextBytes(jar);
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
        vertx = Vertx.vertx();
        blobs = await(vertx.createHttpServer().requestHandler(r -> {
            requests.incrementAndGet();
            byte[] body = jar.clone();
            if (corrupt) {
                body[body.length / 2] ^= 1;
            }
            r.response().end(Buffer.buffer(body));
        }).listen(0, "127.0.0.1"));
        userCode = new UserCodeLoader(vertx, "te-1", dir);
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void theJarFetchedWhenSlotsAreAcceptedIsTheOneTheDeploymentUses() throws Exception {
        userCode.prefetch("job-1", new SlotsAccepted(1, 1, "node-1", List.of("a1"), url(), sha256, SECRET.encoded()));
        URLClassLoader deployed = await(userCode.classLoader("job-1", url(), sha256, SECRET));

        assertThat(requests).hasValue(1);
        assertThat(Path.of(deployed.getURLs()[0].toURI())).hasBinaryContent(jar);
    }

    @Test
    void nothingIsFetchedForARefusedOfferOrAReplyWithoutAJar() throws Exception {
        userCode.prefetch("job-1", new SlotsAccepted(1, 1, "node-1", List.of(), url(), sha256, SECRET.encoded()));
        userCode.prefetch("job-1", new SlotsAccepted(1, 1, "node-1", List.of("a1")));
        await(userCode.classLoader("job-1", url(), sha256, SECRET));
        assertThat(requests).hasValue(1); // only the deployment's
    }

    @Test
    void aJarThatFailsItsCheckIsNotKeptAndTheNextAttemptFetchesAgain() throws Exception {
        corrupt = true;
        Throwable failed = await(userCode.classLoader("job-1", url(), sha256, SECRET)
                .transform(ar -> Future.succeededFuture(ar.cause())));
        assertThat(failed).hasMessageContaining("SHA-256").hasMessageContaining("expected " + sha256);
        try (var files = Files.list(dir.resolve("job-1"))) {
            assertThat(files).isEmpty(); // no jar, no partial download
        }

        corrupt = false;
        URLClassLoader loader = await(userCode.classLoader("job-1", url(), sha256, SECRET));
        assertThat(Path.of(loader.getURLs()[0].toURI())).hasBinaryContent(jar);
        assertThat(requests).hasValue(2);
    }

    private String url() {
        return "http://127.0.0.1:" + blobs.actualPort() + "/blobs/job-1/job.jar";
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
