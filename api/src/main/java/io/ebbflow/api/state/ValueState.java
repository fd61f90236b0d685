package io.ebbflow.api.state;

/** One value per key. */
public interface ValueState<T> extends State {
    /** The value for the current key, or the descriptor's default (null unless given). */
    T value();

    void update(T value);
}
