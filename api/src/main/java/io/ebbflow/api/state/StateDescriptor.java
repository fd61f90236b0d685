package io.ebbflow.api.state;

import java.io.Serializable;
import java.util.Objects;

/**
 * Names a piece of keyed state. The name identifies the state within its operator, also across
 * restarts and rescales.
 */
public abstract class StateDescriptor<T> implements Serializable {

    private final String name;
    private StateTtlConfig ttlConfig = StateTtlConfig.DISABLED;

    protected StateDescriptor(String name) {
        this.name = Objects.requireNonNull(name, "state name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("state name must not be blank");
        }
    }

    public String getName() {
        return name;
    }

    /**
     * Gives the state a time-to-live: its values expire after {@link StateTtlConfig#getTtl()} in processing
     * time. Keyed state of a function only (not window contents, not operator state).
     */
    public void enableTimeToLive(StateTtlConfig ttlConfig) {
        this.ttlConfig = java.util.Objects.requireNonNull(ttlConfig, "ttl config");
    }

    /** The state's TTL ({@link StateTtlConfig#DISABLED} unless set). */
    public StateTtlConfig getTtlConfig() {
        return ttlConfig;
    }

    /** The kind of state, used to check that a name is not reused for another kind. */
    public abstract String kind();

    @Override
    public String toString() {
        return kind() + "(" + name + ")";
    }
}
