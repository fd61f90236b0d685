package io.ebbflow.api.state;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Time-to-live of keyed state, as in Flink: a value (a list element, a map entry) expires {@code ttl} after
 * it was last written (or read, with {@link UpdateType#OnReadAndWrite}), in processing time. Expired values
 * are removed when they are accessed, and left out of checkpoints with {@link Builder#cleanupFullSnapshot()}.
 *
 * <pre>{@code
 * StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofHours(1))
 *         .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
 *         .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
 *         .build();
 * descriptor.enableTimeToLive(ttl);
 * }</pre>
 */
public final class StateTtlConfig implements Serializable {

    /** When the last-access time of a value moves. */
    public enum UpdateType {
        /** TTL disabled: values never expire. */
        Disabled,
        /** On creation and every write. */
        OnCreateAndWrite,
        /** On creation, every write and every read. */
        OnReadAndWrite
    }

    /** Whether an expired value that is still stored may be returned. */
    public enum StateVisibility {
        /** Returned (once: the access removes it). */
        ReturnExpiredIfNotCleanedUp,
        /** Never returned: expired is as good as absent. */
        NeverReturnExpired
    }

    /** The time TTL counts in (Flink has only processing time too). */
    public enum TtlTimeCharacteristic { ProcessingTime }

    private final UpdateType updateType;
    private final StateVisibility stateVisibility;
    private final Duration ttl;
    private final boolean cleanupFullSnapshot;

    private StateTtlConfig(UpdateType updateType, StateVisibility stateVisibility, Duration ttl, boolean cleanupFullSnapshot) {
        this.updateType = updateType;
        this.stateVisibility = stateVisibility;
        this.ttl = ttl;
        this.cleanupFullSnapshot = cleanupFullSnapshot;
    }

    public static Builder newBuilder(Duration ttl) {
        return new Builder(ttl);
    }

    /** TTL off (what a descriptor has unless {@code enableTimeToLive} is called). */
    public static final StateTtlConfig DISABLED = new StateTtlConfig(UpdateType.Disabled,
            StateVisibility.NeverReturnExpired, Duration.ofMillis(Long.MAX_VALUE), false);

    public UpdateType getUpdateType() {
        return updateType;
    }

    public StateVisibility getStateVisibility() {
        return stateVisibility;
    }

    public Duration getTtl() {
        return ttl;
    }

    public TtlTimeCharacteristic getTtlTimeCharacteristic() {
        return TtlTimeCharacteristic.ProcessingTime;
    }

    public boolean isEnabled() {
        return updateType != UpdateType.Disabled;
    }

    public boolean isCleanupInFullSnapshot() {
        return cleanupFullSnapshot;
    }

    @Override
    public String toString() {
        return "StateTtlConfig{ttl=" + ttl + ", updateType=" + updateType + ", visibility=" + stateVisibility + "}";
    }

    /** Builds a {@link StateTtlConfig}; defaults as in Flink: OnCreateAndWrite, NeverReturnExpired. */
    public static final class Builder {
        private UpdateType updateType = UpdateType.OnCreateAndWrite;
        private StateVisibility stateVisibility = StateVisibility.NeverReturnExpired;
        private Duration ttl;
        private boolean cleanupFullSnapshot;

        Builder(Duration ttl) {
            setTtl(ttl);
        }

        public Builder setUpdateType(UpdateType updateType) {
            this.updateType = Objects.requireNonNull(updateType, "update type");
            return this;
        }

        public Builder updateTtlOnCreateAndWrite() {
            return setUpdateType(UpdateType.OnCreateAndWrite);
        }

        public Builder updateTtlOnReadAndWrite() {
            return setUpdateType(UpdateType.OnReadAndWrite);
        }

        public Builder setStateVisibility(StateVisibility visibility) {
            this.stateVisibility = Objects.requireNonNull(visibility, "state visibility");
            return this;
        }

        public Builder returnExpiredIfNotCleanedUp() {
            return setStateVisibility(StateVisibility.ReturnExpiredIfNotCleanedUp);
        }

        public Builder neverReturnExpired() {
            return setStateVisibility(StateVisibility.NeverReturnExpired);
        }

        /** Only processing time exists; here so that ported code compiles. */
        public Builder setTtlTimeCharacteristic(TtlTimeCharacteristic characteristic) {
            Objects.requireNonNull(characteristic, "time characteristic");
            return this;
        }

        /** Leaves expired values out of checkpoints (the heap backend's snapshots are full snapshots). */
        public Builder cleanupFullSnapshot() {
            this.cleanupFullSnapshot = true;
            return this;
        }

        /** Accepted for ported code: expired values are always removed lazily on access here. */
        public Builder disableCleanupInBackground() {
            return this;
        }

        public Builder setTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("a state TTL must be positive, got " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        public StateTtlConfig build() {
            return new StateTtlConfig(updateType, stateVisibility, ttl, cleanupFullSnapshot);
        }
    }
}
