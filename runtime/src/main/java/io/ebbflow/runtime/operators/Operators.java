package io.ebbflow.runtime.operators;

import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.runtime.graph.ChainedOperator;

/** Builds the runtime operator of a spec. Sources are driven by the source task, not built here. */
public final class Operators {

    private Operators() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static StreamOperator<Object, Object> create(ChainedOperator op) {
        OperatorSpec spec = op.spec();
        StreamOperator o;
        if (spec instanceof OperatorSpec.Map m) {
            o = new BasicOperators.Map(m.function());
        } else if (spec instanceof OperatorSpec.FlatMap f) {
            o = new BasicOperators.FlatMap(f.function());
        } else if (spec instanceof OperatorSpec.Filter f) {
            o = new BasicOperators.Filter(f.function());
        } else if (spec instanceof OperatorSpec.Process p) {
            o = new BasicOperators.Process(p.function());
        } else if (spec instanceof OperatorSpec.KeyedProcess p) {
            o = new KeyedProcessOperator(p.function(), op.keySelector());
        } else if (spec instanceof OperatorSpec.KeyedReduce r) {
            o = new KeyedReduceOperator(r.function(), op.keySelector());
        } else if (spec instanceof OperatorSpec.TimestampsAndWatermarks t) {
            o = new TimestampsAndWatermarksOperator(t.strategy());
        } else if (spec instanceof OperatorSpec.Window w) {
            o = new WindowOperator(w, op.keySelector());
        } else if (spec instanceof OperatorSpec.CoProcess c) {
            o = new CoProcessOperator(c.function());
        } else if (spec instanceof OperatorSpec.KeyedCoProcess c) {
            o = new KeyedCoProcessOperator(c.function(), op.keySelector());
        } else if (spec instanceof OperatorSpec.BroadcastProcess b
                && b.function() instanceof io.ebbflow.api.functions.KeyedBroadcastProcessFunction k) {
            o = new KeyedBroadcastProcessOperator(k, b.descriptors(), op.keySelector());
        } else if (spec instanceof OperatorSpec.BroadcastProcess b
                && b.function() instanceof io.ebbflow.api.functions.BroadcastProcessFunction f) {
            o = new BroadcastProcessOperator(f, b.descriptors());
        } else if (spec instanceof OperatorSpec.IntervalJoin j) {
            o = new IntervalJoinOperator(j.function(), j.lower(), j.upper(), op.keySelector());
        } else if (spec instanceof OperatorSpec.AsyncWait a) {
            o = new AsyncWaitOperator(a);
        } else if (spec instanceof OperatorSpec.Sink s) {
            o = new BasicOperators.Sink(s.function());
        } else {
            throw new IllegalArgumentException("no operator for " + spec.getClass().getSimpleName());
        }
        if (o instanceof BasicOperators.FunctionOperator f && op.keySelector() != null) {
            f.keyedBy(op.keySelector());
        }
        return o;
    }
}
