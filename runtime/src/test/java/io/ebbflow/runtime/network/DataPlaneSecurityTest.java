package io.ebbflow.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.security.SecurityRefusals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A data-plane subscription is served only when it proves the partition's job's secret, and only to a reader that is
 * still there; frames that do not parse close the connection; each refusal is counted, and the producer keeps serving
 * the job's own consumers.
 */
class DataPlaneSecurityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final JobSecret secret = JobSecret.generate();
    private Vertx vertx;
    private NetworkEnvironment producer;
    private NetworkEnvironment consumer;
    private ResultPartition partition;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        producer = new NetworkEnvironment(vertx, 10_000, SecurityRefusals.standalone("task-executor"));
        consumer = new NetworkEnvironment(vertx, 10_000, SecurityRefusals.standalone("task-executor"));
        result(producer.start("127.0.0.1", 0));
        result(consumer.start("127.0.0.1", 0));
        producer.trustJob("job-1", secret);
        partition = TestPartitions.withOneBuffer(producer, "job-1", "exec-1-0", 1, (byte) 1, (byte) 2, (byte) 3);
    }

    @AfterEach
    void stop() throws Exception {
        result(vertx.close());
    }

    @Test
    void aConsumerOfTheJobReadsThePartition() {
        consumer.trustJob("job-1", secret);
        RemoteInputChannel channel = channel();

        await().atMost(TIMEOUT).until(channel::hasData);
        assertThat(channel.pollBuffer().size()).isEqualTo(3);
        assertThat(producer.refusals().count("data")).isZero();
    }

    @Test
    void aConsumerWithAnotherSecretGetsNothingAndIsCounted() {
        consumer.trustJob("job-1", JobSecret.generate());
        RemoteInputChannel channel = channel();

        await().atMost(TIMEOUT).until(() -> channel.failure() != null);
        assertThat(channel.failure()).hasMessageContaining("not authorized to read partition exec-1-0");
        assertThat(channel.hasData()).isFalse();
        assertThat(producer.refusals().count("data", "proof")).isEqualTo(1);
    }

    @Test
    void aConsumerThatDoesNotKnowTheJobGetsNothing() {
        RemoteInputChannel channel = channel();

        await().atMost(TIMEOUT).until(() -> channel.failure() != null);
        assertThat(channel.hasData()).isFalse();
        assertThat(producer.refusals().count("data", "proof")).isEqualTo(1);
    }

    @Test
    void aSubscriptionThatComesBeforeTheProducersDeploymentIsServedOnceTheJobIsDeployedThere() throws Exception {
        consumer.trustJob("job-2", secret);
        RemoteInputChannel channel = new RemoteInputChannel(0, getClass().getClassLoader(), consumer, "job-2",
                "127.0.0.1", producer.dataPort(), "exec-2-0", 0, 2);
        channel.start();
        await().atMost(TIMEOUT).until(() -> producer.awaitingDeployment("job-2") == 1);
        assertThat(channel.failure()).isNull();

        producer.trustJob("job-2", secret);
        TestPartitions.withOneBuffer(producer, "job-2", "exec-2-0", 1, (byte) 4, (byte) 5);

        await().atMost(TIMEOUT).until(channel::hasData);
        assertThat(channel.pollBuffer().size()).isEqualTo(2);
        assertThat(producer.refusals().count("data")).isZero();
        assertThat(producer.awaitingDeployment("job-2")).isZero();
    }

    /**
     * A subscription that waits for its partition, and whose consumer is gone before the partition comes (its
     * TaskExecutor was killed), takes nothing from it: the buffers stay for the consumer that subscribes next.
     */
    @Test
    void aWaitingSubscriptionWhoseConnectionClosedTakesNothingFromThePartitionWhenItComes() throws Exception {
        consumer.trustJob("job-1", secret);
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

    @Test
    void aSubscriptionToAJobThatIsNeverDeployedThereIsRefusedAfterTheRequestTimeout() throws Exception {
        NetworkEnvironment impatient = new NetworkEnvironment(vertx, 200, SecurityRefusals.standalone("task-executor"));
        result(impatient.start("127.0.0.1", 0));
        consumer.trustJob("job-1", secret);
        RemoteInputChannel channel = new RemoteInputChannel(0, getClass().getClassLoader(), consumer, "job-1",
                "127.0.0.1", impatient.dataPort(), "exec-1-0", 0, 2);
        channel.start();

        await().atMost(TIMEOUT).until(() -> channel.failure() != null);
        assertThat(channel.failure()).hasMessageContaining("not authorized to read partition exec-1-0");
        assertThat(impatient.refusals().count("data", "proof")).isEqualTo(1);
        assertThat(impatient.awaitingDeployment("job-1")).isZero();
    }

    @Test
    void malformedFramesCloseTheirConnectionAreCountedAndTheJobsConsumersAreStillServed() throws Exception {
        Buffer[] hostile = {
                Buffer.buffer().appendInt(0),                                     // zero length
                Buffer.buffer().appendInt(Frames.MAX_FRAME + 1),                  // too long
                Buffer.buffer().appendInt(1).appendByte((byte) 9),                // unknown type
                Buffer.buffer().appendInt(3).appendByte(Frames.SUBSCRIBE).appendShort((short) 0), // short SUBSCRIBE
                Buffer.buffer().appendInt(19).appendByte(Frames.SUBSCRIBE).appendInt(0).appendInt(0).appendInt(1)
                        .appendUnsignedShort(60_000).appendShort((short) 0).appendShort((short) 0), // id past the end
                Buffer.buffer().appendInt(9).appendByte(Frames.CREDIT).appendInt(0).appendInt(-5), // negative credit
        };
        for (Buffer frame : hostile) {
            NetSocket socket = result(vertx.createNetClient().connect(producer.dataPort(), "127.0.0.1"));
            AtomicBoolean closed = new AtomicBoolean();
            socket.closeHandler(v -> closed.set(true));
            socket.write(frame);
            await().atMost(TIMEOUT).untilTrue(closed);
        }
        assertThat(producer.refusals().count("data", "malformed")).isEqualTo(hostile.length);

        consumer.trustJob("job-1", secret);
        RemoteInputChannel channel = channel();
        await().atMost(TIMEOUT).until(channel::hasData);
    }

    private RemoteInputChannel channel() {
        RemoteInputChannel channel = new RemoteInputChannel(0, getClass().getClassLoader(), consumer, "job-1",
                "127.0.0.1", producer.dataPort(), "exec-1-0", 0, 2);
        channel.start();
        return channel;
    }

    private static <T> T result(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
