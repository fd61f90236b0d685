package io.ebbflow.runtime.task;

import io.ebbflow.api.accumulators.LongCounter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subtask's job accumulators, by name. The subtask's thread creates, adds to, snapshots and restores
 * them; the metrics reporter reads their values from its own thread, hence the lock on the map.
 */
final class TaskAccumulators {

    private final Map<String, LongCounter> counters = new LinkedHashMap<>();

    /** The accumulator {@code name}, created at 0 on first use. */
    LongCounter counter(String name) {
        synchronized (counters) {
            return counters.computeIfAbsent(name, n -> new LongCounter());
        }
    }

    /** Each accumulator's value (name to this subtask's share). */
    Map<String, Long> values() {
        synchronized (counters) {
            Map<String, Long> out = new LinkedHashMap<>();
            counters.forEach((k, v) -> out.put(k, v.getLocalValue()));
            return out;
        }
    }

    /** Replaces the items of {@code state} with the accumulators' values, for a checkpoint. */
    void snapshotInto(List<Object> state) {
        state.clear();
        synchronized (counters) {
            counters.forEach((n, v) -> state.add(new StreamTask.AccumulatorValue(n, v.getLocalValue())));
        }
    }

    /** Adds the values a checkpoint kept in {@code state}, and empties it. */
    void restoreFrom(List<Object> state) {
        for (Object o : state) {
            StreamTask.AccumulatorValue a = (StreamTask.AccumulatorValue) o;
            counter(a.name()).add(a.value());
        }
        state.clear();
    }
}
