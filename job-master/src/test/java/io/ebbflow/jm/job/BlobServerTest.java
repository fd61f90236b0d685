package io.ebbflow.jm.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.security.SecurityRefusals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job jar goes only to a TaskExecutor that proves the job's secret and holds a slot of the job. */
class BlobServerTest {

    @TempDir
    Path dir;

    private final JobSecret secret = JobSecret.generate();
    private final SecurityRefusals refusals = SecurityRefusals.standalone("job-master");
    private Vertx vertx;
    private HttpClient client;
    private String url;

    private record Answer(int status, String body) {
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Path jar = Files.write(dir.resolve("job.jar"), "the jar".getBytes());
        BlobServer server = new BlobServer(vertx, "job-1", jar, secret, Set.of("te-1")::contains, refusals);
        url = await(server.start(io.ebbflow.core.config.NetworkAddresses.of(io.ebbflow.core.config.Configuration.defaults()), 0));
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void aTaskExecutorWithASlotAndTheProofGetsTheJar() throws Exception {
        Answer a = fetch("te-1", secret.proof(JobSecret.BLOB, "te-1"));

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("the jar");
        assertThat(refusals.count("blob")).isZero();
    }

    @Test
    void withoutAProofOrWithAnotherTaskExecutorsProofItIs401() throws Exception {
        assertThat(fetch(null, null).status()).isEqualTo(401);
        assertThat(fetch("te-1", null).status()).isEqualTo(401);
        assertThat(fetch("te-1", JobSecret.generate().proof(JobSecret.BLOB, "te-1")).status()).isEqualTo(401);
        assertThat(fetch("te-1", secret.proof(JobSecret.BLOB, "te-2")).status()).isEqualTo(401);
        assertThat(fetch("te-1", secret.proof(JobSecret.SUBSCRIBE, "te-1")).status()).isEqualTo(401);

        assertThat(refusals.count("blob", "proof")).isEqualTo(5);
    }

    @Test
    void aTaskExecutorThatHoldsNoSlotOfTheJobIs403EvenWithAValidProof() throws Exception {
        Answer a = fetch("te-2", secret.proof(JobSecret.BLOB, "te-2"));

        assertThat(a.status()).isEqualTo(403);
        assertThat(a.body()).doesNotContain("the jar");
        assertThat(refusals.count("blob", "no-slot")).isEqualTo(1);
    }

    private Answer fetch(String taskExecutor, String proof) throws Exception {
        RequestOptions options = new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.GET);
        if (taskExecutor != null) {
            options.putHeader(JobSecret.TASK_EXECUTOR_HEADER, taskExecutor);
        }
        if (proof != null) {
            options.putHeader("Authorization", "Bearer " + proof);
        }
        return await(client.request(options).compose(r -> r.send()).compose(r -> r.body()
                .map(b -> new Answer(r.statusCode(), b.toString()))));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
