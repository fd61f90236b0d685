package io.ebbflow.runtime.task;

import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceSplit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides what to do with the splits a source's discovery returned: those not known yet, each for the subtask the
 * source names as its owner. Pure: it calls the source's {@code ownerOf} (user code) and nothing else.
 *
 * @param bySubtask the new splits, by the index of the subtask that reads them (in index order)
 */
public record SplitAssignment(Map<Integer, List<SourceSplit>> bySubtask) {

    public SplitAssignment {
        bySubtask = java.util.Collections.unmodifiableMap(new TreeMap<>(bySubtask));
    }

    public boolean isEmpty() {
        return bySubtask.isEmpty();
    }

    /** The ids of every split assigned. */
    public List<String> splitIds() {
        List<String> out = new ArrayList<>();
        bySubtask.values().forEach(l -> l.forEach(s -> out.add(s.splitId())));
        return out;
    }

    /**
     * @param found what discovery returned (a split found twice, or one already known, is left out)
     * @param known the ids of the splits the run has
     * @param parallelism the source's parallelism in the run
     * @throws IllegalStateException naming the split if the source names an owner outside {@code [0, parallelism)}
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static SplitAssignment of(Source<?, ?> source, List<? extends SourceSplit> found, Set<String> known,
            int parallelism) {
        Map<Integer, List<SourceSplit>> out = new LinkedHashMap<>();
        Set<String> taken = new java.util.HashSet<>(known);
        for (SourceSplit split : found) {
            if (!taken.add(split.splitId())) {
                continue;
            }
            int owner = ((Source) source).ownerOf(split, parallelism);
            if (owner < 0 || owner >= parallelism) {
                throw new IllegalStateException("the source's ownerOf gave subtask " + owner + " for split '"
                        + split.splitId() + "', outside [0, " + parallelism + ")");
            }
            out.computeIfAbsent(owner, i -> new ArrayList<>()).add(split);
        }
        return new SplitAssignment(out);
    }
}
