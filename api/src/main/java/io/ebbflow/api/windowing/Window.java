package io.ebbflow.api.windowing;

/** A group of elements, identified by value (windows are state namespaces). */
public abstract class Window {
    /** The largest timestamp that belongs to this window. */
    public abstract long maxTimestamp();
}
