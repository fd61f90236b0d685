package io.ebbflow.core.checkpoint;

import io.ebbflow.core.protocol.Require;
import java.util.List;
import java.util.Map;

/**
 * The state one operator of one subtask wrote for a checkpoint.
 *
 * @param maxParallelism the number of key groups of the operator's keyed state (fixed for the life of the state), 0 if not keyed
 * @param keyGroups one block per key group the subtask owned, in its state file (empty if not keyed)
 * @param listStates operator list state: name to items (each item serialized on its own), split evenly on restore
 * @param unionStates operator union list state: name to items, every item to every subtask on restore
 */
public record OperatorSnapshot(String operatorId, int maxParallelism, List<KeyGroupOffset> keyGroups,
        Map<String, List<byte[]>> listStates, Map<String, List<byte[]>> unionStates) {

    public OperatorSnapshot {
        Require.present(operatorId, "operatorId");
        Require.between(maxParallelism, 0, Integer.MAX_VALUE, "maxParallelism");
        keyGroups = Require.list(keyGroups, "keyGroups", 1 << 15);
        Require.present(listStates, "listStates");
        Require.present(unionStates, "unionStates");
        listStates = Map.copyOf(listStates);
        unionStates = Map.copyOf(unionStates);
    }
}
