package io.ebbflow.api.functions;

/**
 * A function told when a checkpoint it took part in has completed, i.e. when every subtask's state for
 * it is stored and its metadata is written. Sinks commit the output that checkpoint covers here
 * (two-phase commit). A notification may be skipped (a later one covers it); it is never repeated.
 */
public interface CheckpointListener {
    void notifyCheckpointComplete(long checkpointId) throws Exception;
}
