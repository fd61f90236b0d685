package io.ebbflow.connector.kafka.sink;

import static io.ebbflow.connector.kafka.sink.FailureInjectingSink.Failure.LOSE_NOTIFICATIONS;
import static io.ebbflow.connector.kafka.sink.FailureInjectingSink.Failure.NO_CLOSE;
import static io.ebbflow.connector.kafka.sink.GatedSource.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.serialization.SimpleStringSchema;
import io.ebbflow.connector.base.DeliveryGuarantee;
import io.ebbflow.runtime.checkpoint.CheckpointStorage;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.local.LocalJobRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * KafkaSink in real jobs ({@link LocalJobRunner}, real checkpoints) against a real broker (the shared
 * {@code KafkaLocal}), read back with {@code read_committed} consumers. A gated source makes the records before each
 * barrier known; failures are what a crashed process leaves: a checkpoint whose completion was never notified, and
 * producers that were never closed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KafkaSinkTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    Path dir;
    private LocalJobRunner runner;
    private String name;
    private String topic;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        name = info.getTestMethod().orElseThrow().getName();
        topic = KafkaTopics.create(name, 2);
        runner = new LocalJobRunner(2);
        FailureInjectingSink.inject(name);
    }

    @AfterEach
    void tearDown() throws Exception {
        FailureInjectingSink.inject(name);
        runner.close();
    }

    @Test
    void exactlyOnceRecordsBecomeVisibleWhenTheirCheckpointCompletes() throws Exception {
        start(exactlyOnce(2), null);
        emit(100);
        checkpoint();
        awaitCommitted(100);
        assertThat(KafkaTopics.committed(topic)).containsExactlyInAnyOrderElementsOf(values(0, 100));

        emit(150);
        await().atMost(WAIT).until(() -> KafkaTopics.uncommitted(topic).size() == 150);
        // Written, but in the open transactions: a read_committed consumer stops before them.
        assertThat(KafkaTopics.committed(topic)).containsExactlyInAnyOrderElementsOf(values(0, 100));

        checkpoint();
        awaitCommitted(150);
        assertThat(KafkaTopics.committed(topic)).containsExactlyInAnyOrderElementsOf(values(0, 150));
        assertNothingOpen();
    }

    @Test
    void theNextTransactionsProducerIsInitializedBeforeTheBarrierThatNeedsIt() throws Exception {
        start(exactlyOnce(1), null);
        emit(10); // the transaction after checkpoint 0: id <prefix>-0-1
        // Made ahead: the coordinator knows the next transaction's id while this one is still open.
        String next = TransactionalIds.of(topic, 0, 2);
        await().atMost(WAIT).until(() -> transactionState(next) == TransactionState.EMPTY);
        await().atMost(WAIT).until(() -> transactionState(TransactionalIds.of(topic, 0, 1)) == TransactionState.ONGOING);

        checkpoint(); // checkpoint 1: the next records go to transaction 2, with the producer made ahead
        awaitCommitted(10);
        emit(25);
        await().atMost(WAIT).until(() -> transactionState(next) == TransactionState.ONGOING);
        await().atMost(WAIT).until(() -> transactionState(TransactionalIds.of(topic, 0, 3)) == TransactionState.EMPTY);
        checkpoint();
        awaitCommitted(25);
        assertThat(KafkaTopics.committed(topic)).containsExactlyInAnyOrderElementsOf(values(0, 25));
        assertNothingOpen();
    }

    /** The state of {@code transactionalId} on the broker, or null if it does not know the id. */
    private static TransactionState transactionState(String transactionalId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTopics.servers()))) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get().state();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    @Test
    void aCheckpointCompletedButNeverNotifiedIsCommittedByTheRestoredJob() throws Exception {
        FailureInjectingSink.inject(name, LOSE_NOTIFICATIONS, NO_CLOSE);
        start(exactlyOnce(2), null);
        emit(100);
        CompletedCheckpoint cp = checkpoint();
        await().atMost(WAIT).until(() -> KafkaTopics.uncommitted(topic).size() == 100);
        crash();
        assertThat(KafkaTopics.committed(topic)).isEmpty();

        FailureInjectingSink.inject(name);
        start(exactlyOnce(2), cp);
        awaitCommitted(100);
        assertThat(KafkaTopics.committed(topic)).containsExactlyInAnyOrderElementsOf(values(0, 100));
        crash();

        // Restored again from the same checkpoint: its transactions are committed already, nothing is written twice.
        start(exactlyOnce(2), cp);
        emit(130);
        checkpoint();
        awaitCommitted(130);
        assertThat(KafkaTopics.committed(topic)).containsExactlyInAnyOrderElementsOf(values(0, 130));
        assertNothingOpen();
    }

    @Test
    void restoringAnOlderCheckpointAbortsTheTransactionsPreCommittedAfterIt() throws Exception {
        start(exactlyOnce(2), null);
        emit(100);
        CompletedCheckpoint older = checkpoint();
        awaitCommitted(100);
        FailureInjectingSink.inject(name, LOSE_NOTIFICATIONS, NO_CLOSE);
        emit(150);
        checkpoint(); // pre-committed 100..149, never committed
        emit(180); // open transactions
        await().atMost(WAIT).until(() -> KafkaTopics.uncommitted(topic).size() == 180);
        crash();

        FailureInjectingSink.inject(name);
        start(exactlyOnce(2), older);
        emit(200); // 100..199 again
        checkpoint();
        awaitCommitted(200);
        assertThat(KafkaTopics.committed(topic)).containsExactlyInAnyOrderElementsOf(values(0, 200));
        assertNothingOpen();
    }

    @Test
    void scaleDownAfterAScaledUpRunCrashedBeforeItsFirstCheckpoint() throws Exception {
        FailureInjectingSink.inject(name, LOSE_NOTIFICATIONS, NO_CLOSE);
        start(exactlyOnce(2), null);
        emit(100);
        CompletedCheckpoint atTwo = checkpoint(); // pre-committed by both subtasks, never committed
        emit(130); // open transactions of both subtasks
        await().atMost(WAIT).until(() -> KafkaTopics.uncommitted(topic).size() == 130);
        crash();

        start(exactlyOnce(3), atTwo); // commits what atTwo recorded, then writes 100..159 and dies
        emit(160);
        await().atMost(WAIT).until(() -> KafkaTopics.uncommitted(topic).size() == 190);
        crash();

        FailureInjectingSink.inject(name);
        start(exactlyOnce(1), atTwo);
        emit(220);
        checkpoint();
        awaitCommitted(220);
        assertThat(KafkaTopics.committed(topic)).containsExactlyInAnyOrderElementsOf(values(0, 220));
        assertNothingOpen();
    }

    @Test
    void scaleUpCommitsTheCheckpointsTransactionsAndWritesOnAtTheNewParallelism() throws Exception {
        FailureInjectingSink.inject(name, LOSE_NOTIFICATIONS, NO_CLOSE);
        start(exactlyOnce(2), null);
        emit(100);
        CompletedCheckpoint atTwo = checkpoint();
        emit(120);
        await().atMost(WAIT).until(() -> KafkaTopics.uncommitted(topic).size() == 120);
        crash();

        FailureInjectingSink.inject(name);
        start(exactlyOnce(3), atTwo);
        emit(250);
        checkpoint();
        awaitCommitted(250);
        assertThat(KafkaTopics.committed(topic)).containsExactlyInAnyOrderElementsOf(values(0, 250));
        assertNothingOpen();
    }

    @Test
    void atLeastOnceFlushesAtTheBarrier() throws Exception {
        // Records would otherwise wait in the producer for ten minutes.
        start(sink(DeliveryGuarantee.AT_LEAST_ONCE, Map.of("linger.ms", "600000", "batch.size", "1000000"))
                .setRecordSerializer(valueOnly()).build(), 2, null);
        emit(100);
        checkpoint();
        assertThat(KafkaTopics.uncommitted(topic)).containsExactlyInAnyOrderElementsOf(values(0, 100));
    }

    @Test
    void aMissingTopicFailsTheJobWithItsName() throws Exception {
        String missing = "no-such-topic-" + System.nanoTime();
        start(sink(DeliveryGuarantee.AT_LEAST_ONCE, Map.of()).setRecordSerializer(KafkaRecordSerializationSchema.builder()
                .setTopic(missing).setValueSerializationSchema(new SimpleStringSchema()).build()).build(), 1, null);
        String failure = awaitFailure();
        assertThat(failure).contains("topic '" + missing + "' does not exist", KafkaTopics.servers());
    }

    @Test
    void anUnreachableBrokerFailsTheJobWithinMaxBlock() throws Exception {
        String closed = "127.0.0.1:" + closedPort();
        KafkaSink<String> sink = KafkaSink.<String>builder().setBootstrapServers(closed)
                .setRecordSerializer(valueOnly()).setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(name).setProperty("max.block.ms", "2000").build();
        start(sink, 1, null);
        String failure = awaitFailure();
        assertThat(failure).contains("Kafka at " + closed + " did not answer within 2000 ms");
    }

    @Test
    void aRecordTheBrokerRefusesFailsTheJobWithTheTopic() throws Exception {
        start(sink(DeliveryGuarantee.NONE, Map.of("max.request.size", "2000"))
                .setRecordSerializer(new TooLarge(topic)).build(), 1, null);
        GatedSource.allow(name, 10); // the job fails before it read all ten
        String failure = awaitFailure();
        assertThat(failure).contains("sending a record to topic '" + topic + "'", "RecordTooLargeException");
    }

    /** A serializer a user wrote: every record 4 KB larger than it is. */
    private record TooLarge(String topic) implements KafkaRecordSerializationSchema<String> {
        @Override
        public ProducerRecord<byte[], byte[]> serialize(String element, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, null, ("x".repeat(4000) + element).getBytes(StandardCharsets.UTF_8));
        }
    }

    // --- the job and its steps

    private KafkaSinkBuilder<String> sink(DeliveryGuarantee guarantee, Map<String, String> properties) throws Exception {
        KafkaSinkBuilder<String> b = KafkaSink.<String>builder().setBootstrapServers(KafkaTopics.servers())
                .setDeliveryGuarantee(guarantee);
        properties.forEach(b::setProperty);
        return b;
    }

    private KafkaRecordSerializationSchema<String> valueOnly() {
        return KafkaRecordSerializationSchema.builder().setTopic(topic)
                .setValueSerializationSchema(new SimpleStringSchema()).build();
    }

    private KafkaSink<String> exactlyOnceSink() throws Exception {
        return sink(DeliveryGuarantee.EXACTLY_ONCE, Map.of()).setRecordSerializer(valueOnly())
                .setTransactionalIdPrefix(topic).build();
    }

    private record Job(KafkaSink<String> sink, int parallelism) {
    }

    private Job exactlyOnce(int parallelism) throws Exception {
        return new Job(exactlyOnceSink(), parallelism);
    }

    private void start(Job job, CompletedCheckpoint from) throws Exception {
        start(job.sink(), job.parallelism(), from);
    }

    private void start(KafkaSink<String> sink, int parallelism, CompletedCheckpoint from) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(new GatedSource(name), WatermarkStrategy.<String>noWatermarks(), "gated").uid("gated")
                .sinkTo(new FailureInjectingSink<>(name, sink)).uid("kafka-sink").setParallelism(parallelism);
        runner.checkpointDirectory(dir.resolve("run-" + RUNS.incrementAndGet()));
        runner.start(env, from);
    }

    /** Lets the source emit up to record {@code upTo} and waits until it has. */
    private void emit(long upTo) {
        GatedSource.allow(name, upTo);
        await().atMost(WAIT).until(() -> GatedSource.emitted(name) == upTo);
    }

    /** A completed checkpoint, as a restore reads it from its metadata. */
    private CompletedCheckpoint checkpoint() throws Exception {
        CompletedCheckpoint cp = runner.triggerCheckpoint().get(60, TimeUnit.SECONDS);
        assertThat(runner.failures()).isEmpty();
        return CheckpointStorage.readMetadata(Path.of(cp.directory()));
    }

    private void crash() throws Exception {
        runner.cancelAll();
        assertThat(runner.awaitAll(WAIT)).isTrue();
        GatedSource.allow(name, 0);
    }

    private void awaitCommitted(int count) {
        await().atMost(WAIT).until(() -> KafkaTopics.committed(topic).size() >= count);
    }

    private String awaitFailure() {
        await().atMost(Duration.ofSeconds(30)).until(() -> !runner.failures().isEmpty());
        Throwable t = runner.failures().values().iterator().next();
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }

    /** No transaction holds a read_committed consumer back: it sees as far as a read_uncommitted one. */
    private void assertNothingOpen() throws Exception {
        assertThat(KafkaTopics.read(topic, "read_committed").endOffsets())
                .isEqualTo(KafkaTopics.read(topic, "read_uncommitted").endOffsets());
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
