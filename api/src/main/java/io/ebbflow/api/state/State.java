package io.ebbflow.api.state;

/** Keyed state: its value is that of the current key (and, in windows, the current window). */
public interface State {
    /** Removes the value for the current key. */
    void clear();
}
