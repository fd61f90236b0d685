package io.ebbflow.api.graph;

/** How records go from the subtasks of one operator to those of the next. */
public enum Partitioning {
    /** Subtask i to subtask i (chained when possible); becomes REBALANCE if the parallelisms differ. */
    FORWARD,
    /** Round robin over all downstream subtasks. */
    REBALANCE,
    /** By key: the key's key group decides the downstream subtask (Flink's assignment). */
    HASH,
    /** Every record to every downstream subtask. */
    BROADCAST
}
