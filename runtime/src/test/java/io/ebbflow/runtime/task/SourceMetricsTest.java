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
}
