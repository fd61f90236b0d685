package io.ebbflow.runtime.checkpoint;

import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.InternalTimers;
import io.ebbflow.runtime.state.KeyGroupRange;
import java.util.List;
import java.util.Map;

/**
 * One operator's keyed state for a checkpoint, as taken at the barrier on the subtask's thread: a frozen
 * view of its state tables (cheap, copy-on-write) and its timers grouped by key group (copied, as the
 * timer sets are small next to the state). Serialized and written off the subtask's thread by
 * {@link StateFiles#write}; {@link #release()} it once written or abandoned, or the tables keep copying.
 */
public record KeyedStateSnapshot(String operatorId, int maxParallelism, KeyGroupRange range,
        HeapKeyedStateBackend.Snapshot state, Map<Integer, List<InternalTimers.Timer>> eventTimers,
        Map<Integer, List<InternalTimers.Timer>> processingTimers) {

    /** The state tables stop protecting this view (idempotent, any thread). */
    public void release() {
        state.release();
    }
}
