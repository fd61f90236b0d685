package io.ebbflow.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.SequenceSource;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.api.functions.SinkFunction;
import io.ebbflow.runtime.local.LocalJobRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A consumer in another TaskExecutor stops reading: credit-based flow control must stop the producer with
 * its memory bounded (its time waiting read as back-pressure while it waits), and everything must flow again once
 * the consumer resumes. Then the job is cancelled and must shut down cleanly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackpressureTest {

    /** Blocks on the first record until the test opens the gate; counts records. */
    static final class GatedSink implements SinkFunction<Long> {
        static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
        static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
        private final String name;

        GatedSink(String name) {
            this.name = name;
            GATES.put(name, new CountDownLatch(1));
            COUNTS.put(name, new AtomicLong());
        }

        @Override
        public void invoke(Long value) throws InterruptedException {
            COUNTS.get(name).incrementAndGet();
            GATES.get(name).await();
        }
    }

    @Test
    void aBlockedRemoteConsumerStopsTheProducerWithBoundedMemoryThenEverythingFlows() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, Long.MAX_VALUE - 1).rebalance().addSink(new GatedSink("bp"));
        try (LocalJobRunner runner = new LocalJobRunner(2).placement((vertex, i) -> vertex)) {
            runner.start(env);
            StreamTask producer = runner.tasks().get(0);
            StreamTask consumer = runner.tasks().get(1);

            // The consumer holds the first record; the producer fills its pool and then has to wait.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> GatedSink.COUNTS.get("bp").get() == 1
                            && producer.outputBuffersInUse() == producer.outputBufferCapacity());
            long emitted = producer.metrics().snapshot().numRecordsOut();
            // 10 producer buffers + 2 credited buffers at the consumer + the one being read, 3,276 records each
            // (10 bytes per record in 32 KiB), plus a source batch of slack.
            long bound = 13L * 3_277 + 1_024;
            assertThat(producer.outputBufferCapacity()).isEqualTo(10);
            assertThat(emitted).isLessThanOrEqualTo(bound);
            assertThat(GatedSink.COUNTS.get("bp").get()).isEqualTo(1);
            assertThat(runner.states()).containsValues(ExecutionState.RUNNING);

            // The producer's wait for a buffer is still under way: it reads as back-pressured while it lasts, not as
            // busy until it ends (which would make a back-pressured source look short of capacity).
            TaskMetrics.Snapshot before = producer.metrics().snapshot();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    producer.metrics().snapshot().elapsedMillis() - before.elapsedMillis() >= 1_000);
            TaskMetrics.Snapshot during = producer.metrics().snapshot();
            long elapsed = during.elapsedMillis() - before.elapsedMillis();
            assertThat(during.backPressuredMillis() - before.backPressuredMillis()).as("back-pressured of %d ms", elapsed)
                    .isGreaterThanOrEqualTo(elapsed - 100);
            assertThat(during.busyMillis() - before.busyMillis()).as("busy of %d ms", elapsed).isLessThanOrEqualTo(100);
            assertThat(GatedSink.COUNTS.get("bp").get()).isEqualTo(1);

            // Released, the consumer reads on and the producer runs again.
            GatedSink.GATES.get("bp").countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> GatedSink.COUNTS.get("bp").get() > 10 * bound);

            runner.cancelAll();
            assertThat(runner.awaitAll(Duration.ofSeconds(20))).isTrue();
            assertThat(runner.states()).containsValues(ExecutionState.CANCELED).doesNotContainValue(ExecutionState.FAILED);
            assertThat(producer.join(10_000)).isTrue();
            assertThat(consumer.join(10_000)).isTrue();
            assertThat(producer.outputPartitionIds()).allSatisfy(id ->
                    assertThat(runner.taskExecutors().get(0).hasPartition(id)).isFalse());
        }
    }

    /** The endless sequence, its reader answering how often it was asked for its backlog. */
    static final class AskedSource implements Source<Long, SequenceSource.Split> {
        static final AtomicLong ASKED = new AtomicLong();
        private final SequenceSource sequence = new SequenceSource(0, Long.MAX_VALUE - 1);

        @Override
        public Boundedness getBoundedness() {
            return sequence.getBoundedness();
        }

        @Override
        public List<SequenceSource.Split> createSplits(int parallelism) {
            return sequence.createSplits(parallelism);
        }

        @Override
        public SourceReader<Long, SequenceSource.Split> createReader(SourceReaderContext context) {
            SourceReader<Long, SequenceSource.Split> reader = sequence.createReader(context);
            return new SourceReader<>() {
                @Override
                public void addSplits(List<SequenceSource.Split> splits) {
                    reader.addSplits(splits);
                }

                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) throws Exception {
                    return reader.pollNext(output);
                }

                @Override
                public List<SequenceSource.Split> snapshotState() {
                    return reader.snapshotState();
                }

                @Override
                public long pendingRecords() {
                    return ASKED.incrementAndGet();
                }
            };
        }
    }

    /**
     * A source whose output waits for a free buffer (the consumer holds its first record) still reports its backlog
     * while the wait lasts: a queue's backlog grows meanwhile, and a report only after the wait would show seconds of
     * growth at once. Without the report during the wait, the backlog the subtask's metrics show does not change
     * until the consumer reads again.
     */
    @Test
    void aBackPressuredSourceReportsItsBacklogWhileItWaits() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSource(new AskedSource(), WatermarkStrategy.noWatermarks(), "Asked").rebalance()
                .addSink(new GatedSink("asked"));
        try (LocalJobRunner runner = new LocalJobRunner(2).placement((vertex, i) -> vertex)) {
            runner.start(env);
            StreamTask producer = runner.tasks().get(0);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> GatedSink.COUNTS.get("asked").get() == 1
                            && producer.outputBuffersInUse() == producer.outputBufferCapacity());
            TaskMetrics.Snapshot before = producer.metrics().snapshot();
            long emitted = before.numRecordsOut();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> producer.metrics().snapshot().pendingRecords() >= before.pendingRecords() + 3);
            assertThat(producer.metrics().snapshot().numRecordsOut()).as("still waiting").isEqualTo(emitted);
            assertThat(GatedSink.COUNTS.get("asked").get()).isEqualTo(1);

            GatedSink.GATES.get("asked").countDown();
            runner.cancelAll();
            assertThat(runner.awaitAll(Duration.ofSeconds(20))).isTrue();
            assertThat(runner.states()).doesNotContainValue(ExecutionState.FAILED);
        }
    }
}
