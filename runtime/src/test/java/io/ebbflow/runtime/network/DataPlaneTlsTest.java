package io.ebbflow.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.SecurityOptions;
import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.security.SecurityRefusals;
import io.ebbflow.core.security.Tls;
import io.ebbflow.core.testing.TestCertificates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With internal TLS, TaskExecutors of the cluster exchange data; a client without a trusted certificate is refused. */
class DataPlaneTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private final JobSecret secret = JobSecret.generate();
    private Vertx vertx;
    private NetworkEnvironment producer;
    private NetworkEnvironment consumer;
    private TestCertificates.Stores stranger;

    static Tls tls(TestCertificates.Stores stores) {
        return Tls.internal(Configuration.builder().set(SecurityOptions.SSL_INTERNAL_ENABLED, true)
                .set(SecurityOptions.SSL_INTERNAL_KEYSTORE, stores.keyStore().toString())
                .set(SecurityOptions.SSL_INTERNAL_KEYSTORE_PASSWORD, TestCertificates.PASSWORD)
                .set(SecurityOptions.SSL_INTERNAL_TRUSTSTORE, stores.trustStore().toString())
                .set(SecurityOptions.SSL_INTERNAL_TRUSTSTORE_PASSWORD, TestCertificates.PASSWORD).build()).orElseThrow();
    }

    @BeforeEach
    void start() throws Exception {
        TestCertificates.Stores cluster = TestCertificates.cluster(dir);
        stranger = TestCertificates.stranger(dir);
        vertx = Vertx.vertx();
        producer = new NetworkEnvironment(vertx, 10_000, SecurityRefusals.standalone("task-executor")).withTls(tls(cluster));
        consumer = new NetworkEnvironment(vertx, 10_000, SecurityRefusals.standalone("task-executor")).withTls(tls(cluster));
        result(producer.start("127.0.0.1", 0));
        result(consumer.start("127.0.0.1", 0));
        producer.trustJob("job-1", secret);
        consumer.trustJob("job-1", secret);
        TestPartitions.withOneBuffer(producer, "job-1", "exec-1-0", 1, (byte) 4, (byte) 5);
    }

    @AfterEach
    void stop() throws Exception {
        result(vertx.close());
    }

    @Test
    void taskExecutorsOfTheClusterExchangeDataOverTls() {
        RemoteInputChannel channel = new RemoteInputChannel(0, getClass().getClassLoader(), consumer, "job-1",
                "127.0.0.1", producer.dataPort(), "exec-1-0", 0, 2);
        channel.start();

        await().atMost(TIMEOUT).until(channel::hasData);
        assertThat(channel.pollBuffer().size()).isEqualTo(2);
    }

    @Test
    void aClientWithAnUntrustedCertificateOrWithoutTlsIsRefusedAndCounted() throws Exception {
        NetClientOptions untrusted = tls(stranger).client(new NetClientOptions()).setTrustAll(true);
        Throwable refused = result(vertx.createNetClient(untrusted).connect(producer.dataPort(), "127.0.0.1")
                .compose(s -> s.write(Frames.credit(0, 1)).compose(v -> {
                    io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
                    s.closeHandler(x -> closed.tryFail("closed by the producer"));
                    return closed.future();
                })).transform(ar -> Future.succeededFuture(ar.cause())));
        assertThat(refused).isNotNull();
        await().atMost(TIMEOUT).until(() -> producer.refusals().count("tls") >= 1);

        result(vertx.createNetClient().connect(producer.dataPort(), "127.0.0.1")
                .compose(s -> s.write(Frames.credit(0, 1)).map(s)));
        await().atMost(TIMEOUT).until(() -> producer.refusals().count("tls") >= 2);
    }

    private static <T> T result(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
