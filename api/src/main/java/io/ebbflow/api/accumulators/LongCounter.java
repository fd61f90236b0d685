package io.ebbflow.api.accumulators;

/**
 * A job accumulator: a long that each subtask adds to, summed over the job's subtasks at
 * {@code GET /jobs/:jobid/accumulators}. Its value is part of every checkpoint, so after a failure or a
 * rescale it continues from the checkpointed total (counts of records processed after the checkpoint are
 * counted again when those records are, exactly once).
 */
public final class LongCounter {

    private long value;

    public void add(long delta) {
        value += delta;
    }

    public void increment() {
        value++;
    }

    /** This subtask's share of the total. */
    public long getLocalValue() {
        return value;
    }

    /** For the runtime: sets this subtask's share (on restore). */
    public void resetLocal(long v) {
        value = v;
    }
}
