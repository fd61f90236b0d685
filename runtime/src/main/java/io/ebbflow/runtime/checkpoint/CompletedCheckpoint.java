package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.SubtaskSnapshot;

import java.util.List;
import java.util.Map;

/**
 * A completed checkpoint or savepoint: every subtask acknowledged it. Written as JSON to
 * {@code <directory>/_metadata} (see {@link CheckpointStorage}).
 *
 * @param version the metadata format version ({@link CheckpointStorage#METADATA_VERSION})
 * @param directory the checkpoint's directory (state files are relative to it)
 * @param maxParallelism the max parallelism of every keyed operator's state, by operator id
 * @param stateSize bytes of state over all subtasks
 * @param duration milliseconds from trigger to the last acknowledgement
 */
public record CompletedCheckpoint(int version, String jobId, long checkpointId, long timestamp, long duration,
        boolean savepoint, String directory, Map<String, Integer> maxParallelism, List<SubtaskSnapshot> subtasks,
        long stateSize) {

    public CompletedCheckpoint {
        maxParallelism = Map.copyOf(maxParallelism);
        subtasks = List.copyOf(subtasks);
    }
}
