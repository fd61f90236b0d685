package io.ebbflow.runtime.graph;

import java.util.List;

/**
 * A chain of operators that runs as one task per subtask.
 *
 * <p>Its declared bounds are {@code (min, target, upper)}: an explicit {@code setParallelism(p)} means
 * {@code (p, p, p)}; otherwise {@code (1, default parallelism, maxParallelism)}. {@code maxParallelism}
 * is also the number of key groups of its keyed state and never changes while that state exists.
 *
 * @param parallelismExplicit whether the program fixed the parallelism with {@code setParallelism}
 * @param operators the chain, head first
 */
public record JobVertex(String id, String name, int minParallelism, int targetParallelism, int maxParallelism,
        boolean parallelismExplicit, String slotSharingGroup, List<ChainedOperator> operators) {

    public JobVertex {
        operators = List.copyOf(operators);
    }

    /** The largest parallelism the scheduler may give the vertex. */
    public int upperBound() {
        return parallelismExplicit ? targetParallelism : maxParallelism;
    }

    public boolean isSource() {
        return operators.get(0).spec() instanceof io.ebbflow.api.graph.OperatorSpec.SourceOp;
    }

    public ChainedOperator head() {
        return operators.get(0);
    }
}
