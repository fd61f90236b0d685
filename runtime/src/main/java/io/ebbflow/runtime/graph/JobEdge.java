package io.ebbflow.runtime.graph;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.graph.Partitioning;

/**
 * Records flowing from one vertex to another.
 *
 * @param partitioning as declared; FORWARD becomes REBALANCE when the two ends run at different parallelism
 * @param keySelector for HASH partitioning
 * @param sourceOperator the index, in the producing vertex's chain, of the operator whose output this is
 * @param sideOutput the id of that operator's side output the edge carries, or null for its main output
 */
public record JobEdge(String sourceVertexId, String targetVertexId, Partitioning partitioning, KeySelector<?, ?> keySelector,
        int sourceOperator, String sideOutput) {

    /** An edge carrying the main output. */
    public JobEdge(String sourceVertexId, String targetVertexId, Partitioning partitioning, KeySelector<?, ?> keySelector,
            int sourceOperator) {
        this(sourceVertexId, targetVertexId, partitioning, keySelector, sourceOperator, null);
    }
}
