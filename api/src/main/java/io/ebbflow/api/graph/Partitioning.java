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
    BROADCAST,
    /** Each record to a random downstream subtask. */
    SHUFFLE,
    /**
     * Round robin over a subset of the downstream subtasks: producer i of p feeds the consumers
     * {@code [i·c/p, (i+1)·c/p)} when there are at least as many consumers, else consumer {@code i·c/p}.
     */
    RESCALE,
    /** Every record to the first downstream subtask. */
    GLOBAL
}
