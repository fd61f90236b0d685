package io.ebbflow.api.functions;

/** Emits records downstream. */
public interface Collector<T> {
    void collect(T record);
}
