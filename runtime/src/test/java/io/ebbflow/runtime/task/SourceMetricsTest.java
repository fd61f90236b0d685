package io.ebbflow.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.runtime.local.LocalJobRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A source subtask's metrics, with Flink's names: the backlog, fetch lag and skipped records as its reader tells
 * them, and the emit lag the runtime measures (from the event time of the last record emitted to now). A subtask
 * that is not a source has none of them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SourceMetricsTest {

    /** How far behind the wall clock the one record's event time is. */
    static final long BEHIND_MS = 5_000;

    static final class LaggingSource implements Source<Long, LaggingSource.Split> {
        record Split(String splitId) implements SourceSplit {
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        public List<Split> createSplits(int parallelism) {
            return List.of(new Split("only"));
        }

        @Override
        public SourceReader<Long, Split> createReader(SourceReaderContext context) {
            return new SourceReader<>() {
                private boolean emitted;

                @Override
                public void addSplits(List<Split> splits) {
                }

                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) {
                    if (!emitted) {
                        emitted = true;
                        output.collect(1L, context.currentProcessingTimeMillis() - BEHIND_MS);
                    }
                    return InputStatus.NOTHING_AVAILABLE;
                }

                @Override
                public List<Split> snapshotState() {
                    return List.of(new Split("only"));
                }

                @Override
                public long pendingRecords() {
                    return 7;
                }

                @Override
                public long currentFetchEventTimeLag() {
                    return 1_234;
                }

                @Override
                public long numRecordsInErrors() {
                    return 2;
                }

                @Override
                public long waitMillis() {
                    return 5;
                }
            };
        }
    }

    @Test
    void aSourceSubtaskReportsItsBacklogLagsAndSkippedRecordsAndOtherSubtasksNone() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(new LaggingSource(), WatermarkStrategy.noWatermarks(), "lagging").rebalance()
                .addSink(new DiscardingSink<>());
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            long before = System.currentTimeMillis();
            runner.start(env);
            StreamTask source = runner.tasks().stream().filter(t -> t.spec().inputs().isEmpty()).findFirst().orElseThrow();
            StreamTask sink = runner.tasks().stream().filter(t -> !t.spec().inputs().isEmpty()).findFirst().orElseThrow();

            await().atMost(Duration.ofSeconds(30)).until(() -> source.metrics().snapshot().currentEmitEventTimeLag() >= 0);
            TaskMetrics.Snapshot m = source.metrics().snapshot();
            long elapsed = System.currentTimeMillis() - before;

            assertThat(m.pendingRecords()).isEqualTo(7);
            assertThat(m.currentFetchEventTimeLag()).isEqualTo(1_234);
            assertThat(m.numRecordsInErrors()).isEqualTo(2);
            assertThat(m.currentEmitEventTimeLag()).isBetween(BEHIND_MS, BEHIND_MS + elapsed);
            TaskMetrics.Snapshot other = sink.metrics().snapshot();
            assertThat(List.of(other.pendingRecords(), other.currentFetchEventTimeLag(), other.currentEmitEventTimeLag(),
                    other.numRecordsInErrors())).containsOnly(-1L);
        }
    }

    /** Always more to read; each poll emits one record, and the backlog falls by one per poll from 1000. */
    static final class BusySource implements Source<Long, LaggingSource.Split> {
        @Override
        public Boundedness getBoundedness() {
            return Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        public List<LaggingSource.Split> createSplits(int parallelism) {
            return List.of(new LaggingSource.Split("only"));
        }

        @Override
        public SourceReader<Long, LaggingSource.Split> createReader(SourceReaderContext context) {
            return new SourceReader<>() {
                private long polls;

                @Override
                public void addSplits(List<LaggingSource.Split> splits) {
                }

                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) {
                    output.collect(++polls);
                    return InputStatus.MORE_AVAILABLE;
                }

                @Override
                public List<LaggingSource.Split> snapshotState() {
                    return List.of(new LaggingSource.Split("only"));
                }

                @Override
                public long pendingRecords() {
                    return 1_000 - polls;
                }
            };
        }
    }

    static final java.util.concurrent.CountDownLatch BACKLOG_SEEN = new java.util.concurrent.CountDownLatch(1);

    @Test
    void theBacklogStaysCurrentWhileTheSourceAlwaysHasMoreAndEachRecordTakesLongDownstream() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        // The first record takes 150 ms in the chained map (a slow operator); the second is held until the test has
        // seen the backlog fall: a source that sampled its backlog only every so many polls would never report it.
        env.fromSource(new BusySource(), WatermarkStrategy.noWatermarks(), "busy").map(v -> {
            if (v == 1) {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
                while (System.nanoTime() < until) {
                    java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
                }
            }
            if (v == 2) {
                BACKLOG_SEEN.await(60, TimeUnit.SECONDS);
            }
            return v;
        }).addSink(new DiscardingSink<>());
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.start(env);
            StreamTask source = runner.tasks().get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                long pending = source.metrics().snapshot().pendingRecords();
                return pending >= 0 && pending < 1_000;
            });
            BACKLOG_SEEN.countDown();
        }
    }
}
