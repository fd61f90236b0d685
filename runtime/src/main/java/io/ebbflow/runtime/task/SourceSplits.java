package io.ebbflow.runtime.task;

import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.runtime.checkpoint.TaskRestore;
import io.ebbflow.runtime.serialization.UserCodeSerializer;
import java.util.ArrayList;
import java.util.List;

/** Where a source subtask's splits are when it starts: dealt to it at the job's start, or in the state it restores. */
public final class SourceSplits {

    /** The name of the source operator's list state that holds its reader's splits, with their positions. */
    public static final String STATE_NAME = "__splits";

    private SourceSplits() {
    }

    /**
     * The splits a source subtask starts with: on a fresh start those the plan dealt to it, after a restore those of
     * its share of the source's state (none if the checkpoint holds no state for the source).
     *
     * @param classLoader the job's, for the splits' classes
     */
    public static List<SourceSplit> startingSplits(TaskSpec spec, ClassLoader classLoader) {
        if (spec.restore() == null) {
            return spec.splits();
        }
        TaskRestore.OperatorRestore restored = spec.restore().operators().get(spec.chain().get(0).operatorId());
        List<SourceSplit> out = new ArrayList<>();
        if (restored != null) {
            for (byte[] item : restored.listStates().getOrDefault(STATE_NAME, List.of())) {
                out.add((SourceSplit) UserCodeSerializer.deserialize(item, classLoader));
            }
        }
        return out;
    }
}
