package io.ebbflow.runtime.operators;

/** Wall-clock time and callbacks for a subtask; callbacks run on the subtask's own thread. */
public interface ProcessingTimeService {

    long now();

    /** Runs {@code callback} on the subtask's thread at (or soon after) {@code time}. */
    Registration schedule(long time, Runnable callback);

    /** A scheduled callback. */
    interface Registration {
        void cancel();
    }
}
