package io.ebbflow.core.state;

/**
 * Where a job's latest completed checkpoint is, kept in the cluster so a restarted JobMaster finds it.
 *
 * @param path the checkpoint's directory (its {@code _metadata} inside)
 */
public record CheckpointPointer(String jobId, long checkpointId, String path, long timestamp) {
}
