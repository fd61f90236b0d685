package io.ebbflow.runtime.graph;

import io.ebbflow.api.functions.BroadcastProcessFunction;
import io.ebbflow.api.functions.KeyedBroadcastProcessFunction;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.Partitioning;
import io.ebbflow.api.graph.StreamGraph;
import io.ebbflow.api.graph.Transformation;

/**
 * Refuses, when a job is submitted, dataflows with a two-input operator the runtime cannot run: one without
 * exactly two inputs, a keyed one (keyed co-process, interval join, keyed broadcast) without a key, a broadcast
 * one whose second input is not broadcast. The error names the operator. The API builds none of these; a graph
 * built another way (or by a future API bug) fails here instead of at run time.
 */
final class TwoInputChecks {

    private TwoInputChecks() {
    }

    static void check(StreamGraph graph) {
        for (Transformation t : graph.transformations()) {
            OperatorSpec spec = t.spec();
            boolean twoInput = spec instanceof OperatorSpec.CoProcess || spec instanceof OperatorSpec.KeyedCoProcess
                    || spec instanceof OperatorSpec.BroadcastProcess || spec instanceof OperatorSpec.IntervalJoin;
            if (!twoInput) {
                continue;
            }
            if (t.inputs().size() != 2) {
                throw refused(t, "has " + t.inputs().size() + " inputs; a two-input operator needs exactly two");
            }
            boolean needsKey = spec instanceof OperatorSpec.KeyedCoProcess || spec instanceof OperatorSpec.IntervalJoin
                    || spec instanceof OperatorSpec.BroadcastProcess b && b.function() instanceof KeyedBroadcastProcessFunction;
            if (needsKey && t.keySelector() == null) {
                throw refused(t, "needs keyed inputs (keyBy) and has none");
            }
            if (spec instanceof OperatorSpec.BroadcastProcess b) {
                checkBroadcast(t, b);
            }
        }
    }

    private static void checkBroadcast(Transformation t, OperatorSpec.BroadcastProcess b) {
        if (b.descriptors().isEmpty()) {
            throw refused(t, "has no broadcast state descriptor");
        }
        if (b.function() instanceof BroadcastProcessFunction && t.keySelector() != null) {
            throw refused(t, "is a BroadcastProcessFunction on a keyed input; use a KeyedBroadcastProcessFunction");
        }
        Transformation second = t.inputs().get(1);
        if (second.kind() != Transformation.Kind.PARTITION || second.partitioning() != Partitioning.BROADCAST) {
            throw refused(t, "must receive its second input by broadcast (connect(stream.broadcast(descriptors)))");
        }
    }

    private static IllegalArgumentException refused(Transformation t, String why) {
        return new IllegalArgumentException("operator '" + t.name() + "' (" + t + ") " + why);
    }
}
