package io.ebbflow.api.state;

/** A value per key that every added value is reduced into. */
public interface ReducingState<T> extends State {
    /** The reduced value, or null if nothing was added. */
    T get();

    void add(T value);
}
