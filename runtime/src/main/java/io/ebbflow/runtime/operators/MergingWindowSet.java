package io.ebbflow.runtime.operators;

import io.ebbflow.api.windowing.MergingWindowAssigner;
import io.ebbflow.api.windowing.Window;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The windows of one key of a merging assigner (sessions), with the window whose namespace holds each one's
 * state: when windows merge, the merged window keeps the state of one of them and the others' state is
 * merged into it, so the state is never moved to a new namespace. Kept in the key's keyed state (so it is
 * checkpointed, and restored with its key group at any parallelism); this class only decides.
 */
final class MergingWindowSet<W extends Window> {

    /** Told what merges, before the mapping forgets the merged windows. */
    interface MergeFunction<W> {
        /**
         * @param mergeResult the new window
         * @param merged the windows it replaces (not the element's new window, which has no state yet)
         * @param stateWindow where the merged window's state is
         * @param mergedStateWindows the state windows to merge into {@code stateWindow}
         */
        void merge(W mergeResult, Collection<W> merged, W stateWindow, Collection<W> mergedStateWindows) throws Exception;
    }

    private final MergingWindowAssigner<?, W> assigner;
    private final HashMap<W, W> mapping;

    /** @param mapping the key's window → state window mapping (changed in place) */
    MergingWindowSet(MergingWindowAssigner<?, W> assigner, HashMap<W, W> mapping) {
        this.assigner = assigner;
        this.mapping = mapping;
    }

    HashMap<W, W> mapping() {
        return mapping;
    }

    W stateWindow(W window) {
        return mapping.get(window);
    }

    void retire(W window) {
        if (mapping.remove(window) == null) {
            throw new IllegalStateException("window " + window + " is not in the merging window set");
        }
    }

    /**
     * Adds the window an element opened, merging it with the key's windows it overlaps; returns the window
     * the element now belongs to (the new one, or what it merged into).
     */
    W addWindow(W newWindow, MergeFunction<W> mergeFunction) throws Exception {
        List<W> windows = new ArrayList<>(mapping.keySet());
        windows.add(newWindow);
        Map<W, Collection<W>> merges = new HashMap<>();
        assigner.mergeWindows(windows, (toBeMerged, mergeResult) -> merges.put(mergeResult, new ArrayList<>(toBeMerged)));
        W result = newWindow;
        boolean newWindowMerged = false;
        for (Map.Entry<W, Collection<W>> m : merges.entrySet()) {
            W mergeResult = m.getKey();
            Collection<W> merged = m.getValue();
            if (merged.remove(newWindow)) {
                newWindowMerged = true;
                result = mergeResult;
            }
            W stateWindow = mapping.get(merged.iterator().next());
            List<W> mergedStateWindows = new ArrayList<>();
            for (W w : merged) {
                W sw = mapping.remove(w);
                if (sw != null) {
                    mergedStateWindows.add(sw);
                }
            }
            mapping.put(mergeResult, stateWindow);
            mergedStateWindows.remove(stateWindow);
            boolean unchanged = merged.size() == 1 && merged.contains(mergeResult);
            if (!unchanged) {
                mergeFunction.merge(mergeResult, merged, stateWindow, mergedStateWindows);
            }
        }
        if (!newWindowMerged) {
            mapping.put(newWindow, newWindow);
        }
        return result;
    }
}
