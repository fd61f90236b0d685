package io.ebbflow.api;

import io.ebbflow.api.graph.Transformation;

/** The stream a source produces. */
public class DataStreamSource<T> extends SingleOutputStreamOperator<T> {

    DataStreamSource(StreamExecutionEnvironment env, Transformation transformation) {
        super(env, transformation);
    }
}
