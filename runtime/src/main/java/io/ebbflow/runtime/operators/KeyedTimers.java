package io.ebbflow.runtime.operators;

import io.ebbflow.runtime.state.InternalTimers;

/** An operator with keyed timers, which a restore puts back (before the operator opens). */
public interface KeyedTimers {
    void restoreTimer(InternalTimers.Timer timer, boolean eventTime);
}
