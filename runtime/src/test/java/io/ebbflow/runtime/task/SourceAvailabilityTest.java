package io.ebbflow.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reader that tells when it has something ({@link SourceReader#isAvailable()}, as a Kafka reader's fetcher thread
 * does) is not polled on a timer: the subtask's thread waits on the reader's future, and completing that future from
 * another thread wakes it to emit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SourceAvailabilityTest {

    /** What the test hands to a reader: records to emit and the future it returns while it has none. */
    static final class Feed {
        final ConcurrentLinkedQueue<Long> records = new ConcurrentLinkedQueue<>();
        volatile CompletableFuture<Void> available = new CompletableFuture<>();
    }

    static final Map<String, Feed> FEEDS = new ConcurrentHashMap<>();

    record FedSource(String feed) implements Source<Long, FedSource.Split> {
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
            Feed f = FEEDS.get(feed);
            return new SourceReader<>() {
                @Override
                public void addSplits(List<Split> splits) {
                }

                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) {
                    Long r = f.records.poll();
                    if (r != null) {
                        output.collect(r);
                    }
                    return f.records.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
                }

                @Override
                public CompletableFuture<Void> isAvailable() {
                    return f.records.isEmpty() ? f.available : CompletableFuture.completedFuture(null);
                }

                @Override
                public long waitMillis() {
                    return 0;
                }

                @Override
                public List<Split> snapshotState() {
                    return List.of(new Split("only"));
                }
            };
        }
    }

    @Test
    void theSubtaskWaitsOnTheReadersFutureAndEmitsWhenItCompletes() throws Exception {
        String name = "fed-" + System.nanoTime();
        Feed feed = new Feed();
        FEEDS.put(name, feed);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(new FedSource(name), WatermarkStrategy.noWatermarks(), "fed").addSink(new CollectSink<>(name));
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.start(env);
            CompletableFuture<Void> first = feed.available;
            await("the subtask waits on the reader's future").atMost(Duration.ofSeconds(30))
                    .until(() -> first.getNumberOfDependents() > 0);

            for (long i = 1; i <= 3; i++) {
                CompletableFuture<Void> waitedOn = feed.available;
                feed.available = new CompletableFuture<>();
                feed.records.add(i);
                waitedOn.complete(null);
                long count = i;
                await().atMost(Duration.ofSeconds(30)).until(() -> CollectSink.results(name).size() == count);
            }
            assertThat(CollectSink.<Long>results(name)).containsExactly(1L, 2L, 3L);
            assertThat(feed.available.getNumberOfDependents()).as("one wake-up per future").isLessThanOrEqualTo(1);
            assertThat(runner.failures()).isEmpty();
        } finally {
            FEEDS.remove(name);
        }
    }
}
