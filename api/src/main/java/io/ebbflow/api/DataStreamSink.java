package io.ebbflow.api;

import io.ebbflow.api.graph.GraphBuilder;
import io.ebbflow.api.graph.Transformation;

/** A sink, whose settings can still be changed. */
public class DataStreamSink<T> {

    private final Transformation transformation;

    DataStreamSink(Transformation transformation) {
        this.transformation = transformation;
    }

    public Transformation getTransformation() {
        return transformation;
    }

    public DataStreamSink<T> name(String name) {
        GraphBuilder.setName(transformation, name);
        return this;
    }

    public DataStreamSink<T> uid(String uid) {
        GraphBuilder.setUid(transformation, uid);
        return this;
    }

    public DataStreamSink<T> setParallelism(int parallelism) {
        GraphBuilder.setParallelism(transformation, parallelism);
        return this;
    }

    public DataStreamSink<T> slotSharingGroup(String group) {
        GraphBuilder.setSlotSharingGroup(transformation, group);
        return this;
    }

    public DataStreamSink<T> disableChaining() {
        GraphBuilder.disableChaining(transformation);
        return this;
    }
}
