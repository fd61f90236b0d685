package io.ebbflow.connector.kafka.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-over between a fetcher thread and its reader: bounded, with a future for the reader and wake-ups for the fetcher. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FetchQueueTest {

    private static Fetch fetch(long position) {
        return new Fetch(ConsumerRecords.empty(), Map.of(new TopicPartition("t", 0), position), 0);
    }

    @Test
    void theReadersFutureCompletesWhenAFetchIsPutAndFetchesComeOutInOrder() throws Exception {
        FetchQueue queue = new FetchQueue(2);
        assertThat(queue.poll("r")).isNull();
        CompletableFuture<Void> available = queue.available();
        assertThat(available).isNotDone();
        assertThat(queue.available()).as("the same future while waiting").isSameAs(available);

        assertThat(queue.put(fetch(1), Long.MAX_VALUE)).isTrue();
        assertThat(available).isDone();
        assertThat(queue.put(fetch(2), Long.MAX_VALUE)).isTrue();
        assertThat(queue.available()).isDone();
        assertThat(queue.poll("r").positions()).containsValue(1L);
        assertThat(queue.poll("r").positions()).containsValue(2L);
        assertThat(queue.poll("r")).isNull();
        assertThat(queue.available()).isNotDone();
    }

    @Test
    void aFullQueueHoldsTheFetcherUntilTheReaderTakesOneOrATaskSignals() throws Exception {
        FetchQueue queue = new FetchQueue(1);
        assertThat(queue.put(fetch(1), Long.MAX_VALUE)).isTrue();
        queue.signalFetcher();
        assertThat(queue.put(fetch(2), Long.MAX_VALUE)).as("signalled while full: gives up, queues nothing").isFalse();
        assertThat(queue.size()).isEqualTo(1);

        ExecutorService fetcher = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> blocked = fetcher.submit(() -> queue.put(fetch(2), Long.MAX_VALUE));
            assertThat(queue.poll("r").positions()).containsValue(1L);
            assertThat(blocked.get(30, TimeUnit.SECONDS)).as("room made: queued").isTrue();
            assertThat(queue.poll("r").positions()).containsValue(2L);
        } finally {
            fetcher.shutdownNow();
        }
    }

    @Test
    void aFullQueueGivesTheFetcherBackAfterItsWaitSoItCanAskForTheEnds() {
        FetchQueue queue = new FetchQueue(1);
        assertThat(queue.put(fetch(1), Long.MAX_VALUE)).isTrue();
        assertThat(queue.put(fetch(2), TimeUnit.MILLISECONDS.toNanos(5))).as("still full after the wait").isFalse();
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void aFailureReachesTheReaderAfterTheFetchesBeforeIt() throws Exception {
        FetchQueue queue = new FetchQueue(2);
        queue.put(fetch(1), Long.MAX_VALUE);
        CompletableFuture<Void> afterIt;
        assertThat(queue.poll("r")).isNotNull();
        afterIt = queue.available();
        queue.put(fetch(2), Long.MAX_VALUE);
        queue.fail(new IllegalStateException("broker says no"));
        assertThat(afterIt).isDone();
        assertThat(queue.poll("subtask 3").positions()).containsValue(2L);
        assertThat(queue.available()).isDone();
        assertThatThrownBy(() -> queue.poll("subtask 3")).isInstanceOf(IOException.class)
                .hasMessage("subtask 3: reading from Kafka failed: java.lang.IllegalStateException: broker says no")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSignalBeforeTheFetcherWaitsIsNotLost() {
        FetchQueue queue = new FetchQueue(1);
        queue.signalFetcher();
        queue.awaitSignal(); // returns at once (the test's timeout fails it otherwise)
        queue.signalFetcher();
        assertThat(queue.put(fetch(1), Long.MAX_VALUE)).as("room: queued despite the signal").isTrue();
        assertThat(queue.put(fetch(2), Long.MAX_VALUE)).as("the signal still stands while full").isFalse();
    }
}
