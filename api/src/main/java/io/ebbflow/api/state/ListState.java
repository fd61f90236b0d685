package io.ebbflow.api.state;

import java.util.List;

/** A list per key. */
public interface ListState<T> extends State {
    /** The elements for the current key (empty, never null). */
    Iterable<T> get();

    void add(T value);

    void addAll(List<T> values);

    /** Replaces the list. */
    void update(List<T> values);
}
