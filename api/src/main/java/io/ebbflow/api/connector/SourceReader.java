package io.ebbflow.api.connector;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the splits assigned to one subtask. Called by one thread only. {@link #pollNext} should emit a
 * bounded batch and return, so the subtask stays responsive to timers and control actions.
 */
public interface SourceReader<T, S extends SourceSplit> extends AutoCloseable {

    /** Assigns splits (with their positions) to this reader. */
    void addSplits(List<S> splits);

    InputStatus pollNext(ReaderOutput<T> output) throws Exception;

    /** The splits this reader still has, with its current position in each. */
    List<S> snapshotState();

    /**
     * The splits this reader still has, with its current position in each, for checkpoint {@code checkpointId}
     * (a reader that commits positions when a checkpoint completes remembers them by id). By default
     * {@link #snapshotState()}.
     */
    default List<S> snapshotState(long checkpointId) {
        return snapshotState();
    }

    /**
     * Checkpoint {@code checkpointId} completed: the positions snapshotted for it are durable (a Kafka reader
     * commits them to its consumer group, for monitoring). Called on the reading thread; must not block long.
     */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    /**
     * The records waiting to be read from this reader's splits (Flink's {@code pendingRecords}: a queue's lag,
     * a rate that cannot be kept up), or -1 when the source cannot tell. Called on the reading thread, now
     * and then, also from within {@link #pollNext} while a record it emits waits for the output to have room
     * (back-pressure can hold a {@code collect} for seconds, and the backlog grows meanwhile): it must not block, and
     * should count what became due up to the moment it is called. External autoscalers read it as the job's backlog.
     */
    default long pendingRecords() {
        return -1;
    }

    /**
     * Flink's {@code currentFetchEventTimeLag}: how long (ms) after its event time the latest record was fetched from
     * the external system, or -1 when the source cannot tell. Called on the reading thread, now and then.
     */
    default long currentFetchEventTimeLag() {
        return -1;
    }

    /**
     * Flink's {@code numRecordsInErrors}: how many records this reader skipped because they could not be read (a
     * message that failed to deserialize, when the source was told to skip such messages). Called on the reading
     * thread, now and then.
     */
    default long numRecordsInErrors() {
        return 0;
    }

    /**
     * Flink's {@code isAvailable}: after {@link #pollNext} returned {@link InputStatus#NOTHING_AVAILABLE}, a future
     * that completes when there is something to emit (or to fail with), so that the runtime waits without polling.
     * It may complete on any thread; the runtime then calls {@code pollNext} on the reading thread. A reader that has
     * something at once returns a completed future. Called on the reading thread.
     *
     * <p>By default a completed future: a reader without such a signal is polled again after {@link #waitMillis()}.
     */
    default CompletableFuture<Void> isAvailable() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * How long to wait after {@link InputStatus#NOTHING_AVAILABLE}, when {@link #isAvailable()} is complete, before
     * polling again; 0 to poll again at once (a reader whose {@code isAvailable} tells when it has something).
     */
    default long waitMillis() {
        return 1;
    }

    @Override
    default void close() throws Exception {
    }
}
