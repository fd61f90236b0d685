package io.ebbflow.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.security.SecurityRefusals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription that waits for its partition, and whose consumer is gone before the partition comes (its TaskExecutor
 * was killed), takes nothing from the partition: the buffers stay for the consumer that subscribes next.
 */
class DataPlaneLateSubscriptionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final JobSecret secret = JobSecret.generate();
    private Vertx vertx;
    private NetworkEnvironment producer;
    private NetworkEnvironment consumer;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        producer = new NetworkEnvironment(vertx, 60_000, SecurityRefusals.standalone("task-executor"));
        consumer = new NetworkEnvironment(vertx, 60_000, SecurityRefusals.standalone("task-executor"));
        result(producer.start("127.0.0.1", 0));
        result(consumer.start("127.0.0.1", 0));
        producer.trustJob("job-1", secret);
        consumer.trustJob("job-1", secret);
    }

    @AfterEach
    void stop() throws Exception {
        result(vertx.close());
    }

    @Test
    void aWaitingSubscriptionWhoseConnectionClosedTakesNothingFromThePartitionWhenItComes() throws Exception {
        NetSocket gone = result(vertx.createNetClient().connect(producer.dataPort(), "127.0.0.1"));
        gone.write(Frames.subscribe(0, "job-1", "exec-9-0", 0, 10,
                secret.proof(JobSecret.SUBSCRIBE, "job-1/exec-9-0/0")));
        await().atMost(TIMEOUT).until(() -> producer.waitingFor("exec-9-0") == 1);
        result(gone.close());
        await().atMost(TIMEOUT).until(() -> producer.openServerConnections() == 0);

        TestPartitions.withOneBuffer(producer, "job-1", "exec-9-0", 1, (byte) 7, (byte) 8);
        RemoteInputChannel channel = new RemoteInputChannel(0, getClass().getClassLoader(), consumer, "job-1",
                "127.0.0.1", producer.dataPort(), "exec-9-0", 0, 2);
        channel.start();

        await().atMost(TIMEOUT).until(channel::hasData);
        assertThat(channel.pollBuffer().size()).isEqualTo(2);
    }

    private static <T> T result(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
