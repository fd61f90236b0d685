package io.ebbflow.runtime.checkpoint;

/**
 * Cuts a stream into what comes before checkpoint {@code id} and what comes after. Sources emit it when
 * the coordinator triggers the checkpoint; a task with several inputs snapshots its state once the
 * barrier has arrived on all of them (aligned, exactly-once), then passes it on.
 *
 * @param directory where this checkpoint's state files go (a checkpoint or savepoint directory)
 * @param savepoint whether this is a savepoint (self-contained, never deleted by retention)
 */
public record CheckpointBarrier(long id, long timestamp, String directory, boolean savepoint) {
}
