package io.ebbflow.runtime.graph;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.graph.OperatorSpec;

/**
 * One operator inside a vertex's chain.
 *
 * @param operatorId stable id (from the uid if set), which names the operator's state
 * @param keySelector the key of the operator's input if it is keyed, else null
 */
public record ChainedOperator(String operatorId, String name, OperatorSpec spec, KeySelector<?, ?> keySelector) {
}
