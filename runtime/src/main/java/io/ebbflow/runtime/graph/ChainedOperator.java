package io.ebbflow.runtime.graph;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.graph.OperatorSpec;

/**
 * One operator inside a vertex's chain.
 *
 * @param operatorId stable id (from the uid if set), which names the operator's state
 * @param keySelector the key of the operator's input if it is keyed, else null
 * @param input the index in the chain of the operator whose output feeds this one, or -1 for the chain's
 *     head (which reads the vertex's input); a chain is a tree, as in Flink: one operator can feed several
 *     chained operators
 * @param inputSideOutput the id of the side output of the {@code input} operator this one reads, or null
 *     for its main output
 */
public record ChainedOperator(String operatorId, String name, OperatorSpec spec, KeySelector<?, ?> keySelector,
        int input, String inputSideOutput) {

    /** Reading the main output of the chained operator {@code input}. */
    public ChainedOperator(String operatorId, String name, OperatorSpec spec, KeySelector<?, ?> keySelector, int input) {
        this(operatorId, name, spec, keySelector, input, null);
    }

    /** The head of a chain (or an operator on its own). */
    public ChainedOperator(String operatorId, String name, OperatorSpec spec, KeySelector<?, ?> keySelector) {
        this(operatorId, name, spec, keySelector, -1);
    }
}
