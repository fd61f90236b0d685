package io.ebbflow.connector.kafka.source.reader;

import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.connector.kafka.source.split.KafkaPartitionSplit;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of a {@link KafkaSourceReader} that owns its {@link Consumer}: it blocks in {@code poll}, so the consumer
 * reads fetch responses as they arrive and sends the next fetches while the subtask's thread emits, and hands each
 * poll's records to that thread through a {@link FetchQueue} of
 * {@value KafkaSourceReader#FETCH_QUEUE_CAPACITY} fetches (while it is full
 * the fetcher polls no more). A consumer is not thread-safe: every call to it is made on this thread; the reader's
 * thread hands its requests over as tasks ({@link #add}, {@link #commit}) and wakes the poll for them.
 *
 * <p>Bounded partitions: once the consumer's position reaches a partition's stopping offset it is no longer
 * fetched (the reader finishes it when it has emitted up to there). What the reader's thread reads of this one:
 * the fetches, {@link #endOffsets()} (published after each poll, and asked of the brokers every
 * {@value #END_OFFSETS_REFRESH_MILLIS} ms) and a failure, which ends this thread.
 *
 * <p>Why ask for the ends: a poll learns a partition's end only from that partition's latest fetch response, and
 * while the queue is full, or while the consumer hands out another partition's buffered records first, a backlog
 * grows without any fetch of it. {@code pendingRecords}, which autoscalers read as the backlog, would then stay at
 * what it was when the burst began.
 */
final class KafkaFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);
    private static final Duration POLL_TIMEOUT = KafkaSourceReader.FETCH_POLL_TIMEOUT;
    /** How often this thread asks the brokers for the assigned partitions' ends. */
    static final long END_OFFSETS_REFRESH_MILLIS = 1_000;
    private static final long END_OFFSETS_REFRESH_NANOS = END_OFFSETS_REFRESH_MILLIS * 1_000_000;
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(2);
    /** How long closing waits for this thread to close the consumer. */
    private static final long CLOSE_JOIN_MILLIS = 15_000;

    private final Consumer<byte[], byte[]> consumer;
    private final SourceReaderContext context;
    private final FetchQueue queue = new FetchQueue(KafkaSourceReader.FETCH_QUEUE_CAPACITY);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    /** This thread is in (or about to enter) {@code poll}: a task must wake it. */
    private volatile boolean polling;
    private volatile boolean closing;
    /** Each partition's end (the high watermark, or the last stable offset when reading committed), as last polled. */
    private volatile Map<TopicPartition, Long> ends = Map.of();

    // This thread's own state.
    private final OffsetCommitter commits;
    /** The partitions fetched, each with its stopping offset or {@link KafkaPartitionSplit#NO_STOPPING_OFFSET}. */
    private final Map<TopicPartition, Long> assigned = new LinkedHashMap<>();
    /** Each partition's position as last handed over. */
    private final Map<TopicPartition, Long> handedOver = new HashMap<>();
    /** A fetch that found the queue full when a task came: handed over after the task. */
    private Fetch pending;
    /** When the ends were last asked for ({@link System#nanoTime()}). */
    private long endsAskedAt;
    private boolean endsAsked;

    KafkaFetcher(Consumer<byte[], byte[]> consumer, String groupId, SourceReaderContext context) {
        this.consumer = consumer;
        this.context = context;
        this.commits = new OffsetCommitter(consumer, groupId, context);
        this.thread = new Thread(this::run, "kafka-source-fetcher-" + context.subtaskIndex());
        thread.setDaemon(true);
        thread.start();
    }

    // ---------------------------------------------------------------------------------- the reader's thread

    /** Starts fetching {@code splits} (none of them assigned yet) from their starting offsets. */
    void add(List<KafkaPartitionSplit> splits) {
        submit(() -> assign(splits));
    }

    /** Commits checkpoint {@code checkpointId}'s offsets to the group (for monitoring). */
    void commit(long checkpointId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        submit(() -> commits.commit(checkpointId, offsets));
    }

    /** The oldest fetch not yet taken, or null; throws once the fetches before a failure of this thread are taken. */
    Fetch poll() throws IOException {
        return queue.poll("Kafka source subtask " + context.subtaskIndex());
    }

    /** Completes when a fetch (or a failure) can be taken. */
    CompletableFuture<Void> available() {
        return queue.available();
    }

    /** Fetches waiting to be taken. */
    int queued() {
        return queue.size();
    }

    /** Each fetched partition's end offset, as the consumer learnt it in its latest poll (no request). */
    Map<TopicPartition, Long> endOffsets() {
        return ends;
    }

    /** Stops this thread, which closes the consumer; waits for it a while. */
    void close() {
        closing = true;
        queue.signalFetcher();
        consumer.wakeup();
        // A cancelled subtask's thread is interrupted: it still waits for the consumer to close its connections.
        boolean interrupted = Thread.interrupted();
        try {
            long deadline = System.currentTimeMillis() + CLOSE_JOIN_MILLIS;
            while (thread.isAlive() && System.currentTimeMillis() < deadline) {
                try {
                    thread.join(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (thread.isAlive()) {
                LOG.warn("Kafka source subtask {}: its fetcher thread did not stop within {} ms", context.subtaskIndex(),
                        CLOSE_JOIN_MILLIS);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void submit(Runnable task) {
        tasks.add(task);
        queue.signalFetcher();
        if (polling) {
            consumer.wakeup();
        }
    }

    // ---------------------------------------------------------------------------------- this thread

    private void run() {
        try {
            while (!closing) {
                runTasks();
                askEndsIfDue();
                if (pending != null) {
                    if (!queue.put(pending, END_OFFSETS_REFRESH_NANOS)) {
                        continue; // a task came, or it is time to ask for the ends, while the queue was full
                    }
                    pending = null;
                }
                if (assigned.isEmpty()) {
                    queue.awaitSignal();
                } else {
                    pending = fetch();
                }
            }
        } catch (Throwable t) {
            if (!closing) {
                LOG.debug("Kafka source subtask {}: its fetcher failed", context.subtaskIndex(), t);
                queue.fail(t);
            }
        } finally {
            closeConsumer();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void assign(List<KafkaPartitionSplit> splits) {
        for (KafkaPartitionSplit split : splits) {
            assigned.put(split.getTopicPartition(), split.getStoppingOffset().orElse(KafkaPartitionSplit.NO_STOPPING_OFFSET));
        }
        consumer.assign(assigned.keySet());
        for (KafkaPartitionSplit split : splits) {
            TopicPartition tp = split.getTopicPartition();
            long start = split.getStartingOffset();
            if (start == KafkaPartitionSplit.EARLIEST_OFFSET) {
                consumer.seekToBeginning(List.of(tp));
            } else if (start == KafkaPartitionSplit.LATEST_OFFSET) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seek(tp, start);
            }
        }
    }

    /** Polls once: what it returned, or null when nothing moved (or a task woke the poll). */
    private Fetch fetch() {
        ConsumerRecords<byte[], byte[]> records;
        polling = true;
        try {
            if (!tasks.isEmpty() || closing) {
                // Submitted before this thread said it polls: it would not wake the poll. Closing: its wake-up may
                // have ended the request for the ends instead.
                return null;
            }
            records = consumer.poll(pollTimeout());
        } catch (WakeupException forATaskOrClosing) {
            return null;
        } finally {
            polling = false;
        }
        long fetchedAt = context.currentProcessingTimeMillis();
        commits.retryIfDue();
        Map<TopicPartition, Long> moved = new HashMap<>();
        Map<TopicPartition, Long> newEnds = new HashMap<>();
        boolean anyStopped = false;
        for (Map.Entry<TopicPartition, Long> e : assigned.entrySet()) {
            TopicPartition tp = e.getKey();
            long position = position(tp);
            if (position < 0) {
                continue;
            }
            Long before = handedOver.put(tp, position);
            if (before == null || before != position) {
                moved.put(tp, position);
            }
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                newEnds.put(tp, position + lag.getAsLong());
            }
            anyStopped |= e.getValue() != KafkaPartitionSplit.NO_STOPPING_OFFSET && position >= e.getValue();
        }
        publishEnds(newEnds);
        if (anyStopped) {
            unassignStopped();
        }
        return records.isEmpty() && moved.isEmpty() ? null : new Fetch(records, moved, fetchedAt);
    }

    /** Every {@value #END_OFFSETS_REFRESH_MILLIS} ms: the assigned partitions' ends, from the brokers. */
    private void askEndsIfDue() {
        long now = System.nanoTime();
        if (assigned.isEmpty() || (endsAsked && now - endsAskedAt < END_OFFSETS_REFRESH_NANOS)) {
            return;
        }
        endsAsked = true;
        endsAskedAt = now;
        try {
            publishEnds(consumer.endOffsets(assigned.keySet(), END_OFFSETS_TIMEOUT));
        } catch (WakeupException e) {
            // closing: the loop ends
        } catch (RuntimeException e) {
            // The next poll's ends, or the next ask, replace them; the backlog is only a metric.
            LOG.debug("Kafka source subtask {}: asking for the partitions' end offsets failed", context.subtaskIndex(), e);
        }
    }

    /** The ends of the assigned partitions: the newest known of each (an end only grows). */
    private void publishEnds(Map<TopicPartition, Long> learnt) {
        Map<TopicPartition, Long> before = ends;
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition tp : assigned.keySet()) {
            Long old = before.get(tp);
            Long now = learnt.get(tp);
            Long end = old == null ? now : now == null ? old : Long.valueOf(Math.max(old, now));
            if (end != null) {
                next.put(tp, end);
            }
        }
        ends = next;
    }

    /** The poll's timeout: shorter when a failed offset commit is due to be sent again. */
    private Duration pollTimeout() {
        long untilRetry = commits.millisUntilRetry();
        return untilRetry < 0 ? POLL_TIMEOUT : Duration.ofMillis(Math.min(POLL_TIMEOUT.toMillis(), untilRetry));
    }

    /** The consumer's position in {@code tp}, or -1 while it does not know it yet. */
    private long position(TopicPartition tp) {
        try {
            return consumer.position(tp, Duration.ZERO);
        } catch (TimeoutException | WakeupException notNow) {
            return -1; // not resolved yet (an earliest/latest start), or a task's wake-up came after the poll
        }
    }

    /** Bounded partitions whose position reached the stopping offset are fetched no more. */
    private void unassignStopped() {
        assigned.entrySet().removeIf(e -> e.getValue() != KafkaPartitionSplit.NO_STOPPING_OFFSET
                && handedOver.getOrDefault(e.getKey(), -1L) >= e.getValue());
        consumer.assign(assigned.keySet());
    }

    private void closeConsumer() {
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            LOG.warn("Kafka source subtask {}: closing its consumer failed: {}", context.subtaskIndex(), e.toString());
        }
    }
}
