package io.ebbflow.jm.checkpoint;

import io.ebbflow.core.state.CheckpointPointer;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a job's checkpoints are kept and restored, as the {@link CheckpointCoordinator} is given it.
 *
 * @param durable the durable record of the newest checkpoint
 * @param allowEmptyState {@code execution.state-recovery.allow-empty-state}
 * @param fenced hears that a newer JobMaster leads the job (a checkpoint was not committed)
 */
public record CheckpointDurability(DurablePointer durable, boolean allowEmptyState, Consumer<String> fenced) {

    /**
     * Where completed checkpoints are recorded durably (the job's {@code checkpoint.json} in the durable store),
     * fenced by the JobMaster's epoch.
     */
    public interface DurablePointer {
        /** Records the newest completed checkpoint; false if a newer JobMaster leads the job (nothing written). */
        Future<Boolean> record(CheckpointPointer pointer);

        /** The newest completed checkpoint recorded, if any. */
        Future<Optional<CheckpointPointer>> latest();
    }
}
