package io.ebbflow.core.cluster;

/**
 * The outcome of a guarded write to a shared map.
 *
 * @param outcome whether it was applied, and if not why
 * @param current the key's value after the operation (null if absent): the written value if applied,
 *                the value that made it fail otherwise
 */
public record WriteResult<T>(Outcome outcome, Versioned<T> current) {

    public boolean applied() {
        return outcome == Outcome.APPLIED;
    }

    /** Write outcomes. */
    public enum Outcome {
        APPLIED,
        /** The key's version was not the expected one: someone else wrote it. */
        VERSION_MISMATCH,
        /** The key was written by a writer with a higher epoch: this writer is stale and must stop writing. */
        FENCED
    }
}
