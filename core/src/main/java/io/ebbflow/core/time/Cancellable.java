package io.ebbflow.core.time;

/** A scheduled action that can be called off. Cancelling twice, or after it ran, does nothing. */
@FunctionalInterface
public interface Cancellable {

    Cancellable NONE = () -> { };

    void cancel();
}
