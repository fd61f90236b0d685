package io.ebbflow.api;

import io.ebbflow.api.graph.GraphBuilder;
import io.ebbflow.api.graph.Transformation;

/** The output of one operator, whose settings can still be changed. */
public class SingleOutputStreamOperator<T> extends DataStream<T> {

    SingleOutputStreamOperator(StreamExecutionEnvironment env, Transformation transformation) {
        super(env, transformation);
    }

    /**
     * The records this operator's function emitted into {@code tag} ({@code ctx.output(tag, value)}, or a
     * window's late data), as a stream like any other. An operator that emits nothing there gives an
     * empty stream, as in Flink.
     */
    public <X> DataStream<X> getSideOutput(io.ebbflow.api.util.OutputTag<X> tag) {
        java.util.Objects.requireNonNull(tag, "output tag");
        return new DataStream<>(env, env.graph().addSideOutput(transformation, tag));
    }

    public SingleOutputStreamOperator<T> name(String name) {
        GraphBuilder.setName(transformation, name);
        return this;
    }

    /** A stable id for the operator's state across job versions. */
    public SingleOutputStreamOperator<T> uid(String uid) {
        GraphBuilder.setUid(transformation, uid);
        return this;
    }

    /** Runs the operator at exactly {@code p}: its bounds become (p, p, p). */
    public SingleOutputStreamOperator<T> setParallelism(int parallelism) {
        GraphBuilder.setParallelism(transformation, parallelism);
        return this;
    }

    /** The operator's max parallelism (its number of key groups); fixed for the life of its state. */
    public SingleOutputStreamOperator<T> setMaxParallelism(int maxParallelism) {
        GraphBuilder.setMaxParallelism(transformation, maxParallelism);
        return this;
    }

    /** Subtask k of every operator in a slot-sharing group shares slot k of that group. */
    public SingleOutputStreamOperator<T> slotSharingGroup(String group) {
        GraphBuilder.setSlotSharingGroup(transformation, group);
        return this;
    }

    /** Never chain this operator with its neighbours. */
    public SingleOutputStreamOperator<T> disableChaining() {
        GraphBuilder.disableChaining(transformation);
        return this;
    }

    /** Start a new chain here (chain with what follows, not with what precedes). */
    public SingleOutputStreamOperator<T> startNewChain() {
        GraphBuilder.startNewChain(transformation);
        return this;
    }
}
