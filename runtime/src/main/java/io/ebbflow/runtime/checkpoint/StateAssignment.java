package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.KeyGroupOffset;

import io.ebbflow.runtime.state.KeyGroupRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which state a subtask restores, at any parallelism: operators are matched by operator id (stable for
 * the same program, or set with {@code uid}); a keyed operator's new subtask reads exactly the key groups
 * of its new range, from whichever old subtasks' files hold them; operator list state is concatenated
 * over the old subtasks and dealt out evenly (item k to new subtask k mod p), union state goes whole to
 * every new subtask.
 */
public final class StateAssignment {

    /** Prefix of operator state names that are union state. */
    public static final String UNION_PREFIX = "union:";

    private StateAssignment() {
    }

    /**
     * Checks that a checkpoint fits the job: every operator with state in it exists in the job, and every
     * keyed operator keeps its max parallelism.
     *
     * @param operatorMaxParallelism max parallelism of every operator of the job, by operator id
     * @throws IllegalStateException naming the operator and the mismatch
     */
    public static void validate(CompletedCheckpoint cp, Map<String, Integer> operatorMaxParallelism) {
        Set<String> unknown = new HashSet<>();
        for (SubtaskSnapshot s : cp.subtasks()) {
            for (OperatorSnapshot o : s.operators()) {
                boolean hasState = !o.keyGroups().isEmpty() || o.listStates().values().stream().anyMatch(l -> !l.isEmpty())
                        || o.unionStates().values().stream().anyMatch(l -> !l.isEmpty());
                if (!operatorMaxParallelism.containsKey(o.operatorId())) {
                    if (hasState) {
                        unknown.add(o.operatorId());
                    }
                    continue;
                }
                int now = operatorMaxParallelism.get(o.operatorId());
                if (!o.keyGroups().isEmpty() && o.maxParallelism() != now) {
                    throw new IllegalStateException("the keyed state of operator " + o.operatorId() + " in checkpoint "
                            + cp.checkpointId() + " has max parallelism " + o.maxParallelism() + " but the job now has "
                            + now + ": max parallelism is fixed for the life of a job's state");
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("checkpoint " + cp.checkpointId() + " at " + cp.directory()
                    + " has state for operators that are not in the job: " + unknown
                    + " (set uid(...) on operators so their ids stay the same when the program changes)");
        }
    }

    /**
     * The state subtask {@code index} of {@code parallelism} restores for the operators of its chain.
     *
     * @param operatorIds the operator ids of the subtask's chain
     * @param keyGroups the key groups the subtask owns now
     */
    /** The location of a state file named in the checkpoint at {@code directory}, checked to stay inside it. */
    static String stateFile(String directory, String file) {
        if (CheckpointStorage.isObjectStorage(directory)) {
            if (file.contains("/")) {
                throw new IllegalArgumentException("state file '" + file + "' is not inside its checkpoint");
            }
            return io.ebbflow.core.storage.ObjectLocation.parse(directory).resolve(file).toString();
        }
        return io.ebbflow.core.util.PathGuard.resolveInside(Path.of(directory), file, "state file").toString();
    }

    public static TaskRestore assign(CompletedCheckpoint cp, Collection<String> operatorIds, KeyGroupRange keyGroups,
            int index, int parallelism) {
        Map<String, TaskRestore.OperatorRestore> out = new LinkedHashMap<>();
        for (String op : operatorIds) {
            List<TaskRestore.KeyGroupRead> reads = new ArrayList<>();
            Map<String, List<byte[]>> all = new LinkedHashMap<>();
            Map<String, List<byte[]>> union = new LinkedHashMap<>();
            List<SubtaskSnapshot> old = new ArrayList<>(cp.subtasks());
            old.sort((a, b) -> a.vertexId().equals(b.vertexId()) ? Integer.compare(a.subtaskIndex(), b.subtaskIndex())
                    : a.vertexId().compareTo(b.vertexId()));
            for (SubtaskSnapshot s : old) {
                for (OperatorSnapshot o : s.operators()) {
                    if (!o.operatorId().equals(op)) {
                        continue;
                    }
                    for (KeyGroupOffset kg : o.keyGroups()) {
                        if (keyGroups.contains(kg.keyGroup())) {
                            reads.add(new TaskRestore.KeyGroupRead(stateFile(cp.directory(), s.file()), kg.keyGroup(),
                                    kg.offset(), kg.length(), kg.crc()));
                        }
                    }
                    o.listStates().forEach((name, items) -> all.computeIfAbsent(name, n -> new ArrayList<>()).addAll(items));
                    o.unionStates().forEach((name, items) -> union.computeIfAbsent(name, n -> new ArrayList<>()).addAll(items));
                }
            }
            Map<String, List<byte[]>> mine = new LinkedHashMap<>();
            all.forEach((name, items) -> {
                List<byte[]> share = new ArrayList<>();
                for (int k = index; k < items.size(); k += parallelism) {
                    share.add(items.get(k));
                }
                mine.put(name, share);
            });
            union.forEach((name, items) -> mine.put(UNION_PREFIX + name, List.copyOf(items)));
            if (!reads.isEmpty() || !mine.isEmpty()) {
                reads.sort((a, b) -> Integer.compare(a.keyGroup(), b.keyGroup()));
                out.put(op, new TaskRestore.OperatorRestore(op, reads, mine));
            }
        }
        return new TaskRestore(cp.checkpointId(), out);
    }
}
