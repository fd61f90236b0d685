package io.ebbflow.api.windowing;

import java.util.Collection;

/**
 * An assigner whose windows can merge (sessions): after assigning, the operator asks it which of a key's
 * windows merge into one, and merges their contents, trigger state and timers.
 */
public abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {

    /** Reports, through {@code callback}, every set of {@code windows} that becomes one window. */
    public abstract void mergeWindows(Collection<W> windows, MergeCallback<W> callback);

    /** Receives the merges decided by {@link #mergeWindows}. */
    public interface MergeCallback<W> {
        /** {@code toBeMerged} (two or more windows) become {@code mergeResult}. */
        void merge(Collection<W> toBeMerged, W mergeResult);
    }
}
