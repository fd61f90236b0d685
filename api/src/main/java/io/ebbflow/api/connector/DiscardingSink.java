package io.ebbflow.api.connector;

import io.ebbflow.api.functions.SinkFunction;

/** Drops every record (for benchmarks and tests). */
public class DiscardingSink<T> implements SinkFunction<T> {

    @Override
    public void invoke(T value) {
    }
}
