package io.ebbflow.runtime.checkpoint;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The state one new subtask starts from: for each operator of its chain, the blocks of exactly the key
 * groups it now owns (from whichever old subtask files hold them) and its share of the operator state.
 *
 * @param checkpointId the checkpoint or savepoint restored
 */
public record TaskRestore(long checkpointId, Map<String, OperatorRestore> operators) implements Serializable {

    public TaskRestore {
        operators = Map.copyOf(operators);
    }

    /** One operator's share. */
    public record OperatorRestore(String operatorId, List<KeyGroupRead> keyGroups, Map<String, List<byte[]>> listStates)
            implements Serializable {

        public OperatorRestore {
            keyGroups = List.copyOf(keyGroups);
            listStates = Map.copyOf(listStates);
        }
    }

    /** One key group's block: absolute file path, offset, length and CRC-32. */
    public record KeyGroupRead(String file, int keyGroup, long offset, int length, long crc) implements Serializable {
    }
}
