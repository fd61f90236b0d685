package io.ebbflow.runtime.state;

import io.ebbflow.api.state.AggregatingStateDescriptor;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ReducingStateDescriptor;
import io.ebbflow.api.state.StateDescriptor;
import io.ebbflow.api.state.ValueStateDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The keyed state of one operator subtask, on the heap: every piece of state is a {@link StateTable}
 * organised by key group, for exactly the key groups this subtask owns. The operator sets the current
 * key before calling user code; state objects read and write the current key's values.
 *
 * <p>A snapshot ({@link #snapshot()}) is a frozen view of every table taken in O(tables × key groups);
 * the tables copy on write what the view still reads until it is released, so it can be serialized
 * on another thread while the subtask goes on.
 *
 * <p>Used by the subtask's thread only, except {@link Snapshot}s.
 */
public final class HeapKeyedStateBackend {

    private final KeyGroupRange range;
    private final int maxParallelism;
    private final Map<String, StateTable> tables = new LinkedHashMap<>();
    private final SnapshotVersions versions = new SnapshotVersions();
    private final StateValueCopier copier;
    private Object currentKey;
    private int currentKeyGroup = -1;
    /** The processing time that state TTL counts in (the subtask's clock). */
    private java.util.function.LongSupplier ttlClock = System::currentTimeMillis;

    /** With the calling thread's context class loader (the subtask's user-code class loader). */
    public HeapKeyedStateBackend(KeyGroupRange range, int maxParallelism) {
        this(range, maxParallelism, contextClassLoader());
    }

    /** @param classLoader where the classes of state values are (to copy them while a snapshot is pending) */
    public HeapKeyedStateBackend(KeyGroupRange range, int maxParallelism, ClassLoader classLoader) {
        this.range = range;
        this.maxParallelism = maxParallelism;
        this.copier = new StateValueCopier(classLoader);
    }

    private static ClassLoader contextClassLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : HeapKeyedStateBackend.class.getClassLoader();
    }

    /**
     * Every table as it is now, for a checkpoint: cheap (no entry is visited), and unchanged by whatever
     * the subtask writes afterwards, until {@link Snapshot#release()}. Subtask's thread.
     */
    public Snapshot snapshot() {
        int version = versions.startSnapshot();
        List<StateTable.View> views = new ArrayList<>(tables.size());
        for (StateTable t : tables.values()) {
            views.add(t.freeze());
        }
        return new Snapshot(versions, version, views);
    }

    /** Snapshots taken and not released yet. */
    public int pendingSnapshots() {
        return versions.pendingCount();
    }

    /** A frozen view of the backend's tables; release it when written or abandoned (any thread, idempotent). */
    public static final class Snapshot {
        private final SnapshotVersions versions;
        private final int version;
        private final List<StateTable.View> tables;
        private final AtomicBoolean released = new AtomicBoolean();

        Snapshot(SnapshotVersions versions, int version, List<StateTable.View> tables) {
            this.versions = versions;
            this.version = version;
            this.tables = tables;
        }

        public List<StateTable.View> tables() {
            return tables;
        }

        /** The tables stop protecting what this view reads: it must not be read any more. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                versions.release(version);
            }
        }
    }

    public KeyGroupRange keyGroupRange() {
        return range;
    }

    public int maxParallelism() {
        return maxParallelism;
    }

    /** The clock state TTL reads (the subtask's processing time; a manual one in tests). */
    public void setTtlClock(java.util.function.LongSupplier clock) {
        this.ttlClock = java.util.Objects.requireNonNull(clock);
    }

    /** Sets the key the following state accesses are for. */
    public void setCurrentKey(Object key) {
        int kg = KeyGroups.assignToKeyGroup(key, maxParallelism);
        if (!range.contains(kg)) {
            throw new IllegalStateException("key " + key + " (key group " + kg + ") does not belong to this subtask, "
                    + "which owns key groups " + range + ": a key selector must return the same key for a record "
                    + "before and after keyBy (deterministic hashCode)");
        }
        currentKey = key;
        currentKeyGroup = kg;
    }

    /** For timers, which remember their key group. */
    public void setCurrentKey(Object key, int keyGroup) {
        currentKey = key;
        currentKeyGroup = keyGroup;
    }

    public Object currentKey() {
        return currentKey;
    }

    public int currentKeyGroup() {
        return currentKeyGroup;
    }

    public Map<String, StateTable> tables() {
        return Collections.unmodifiableMap(tables);
    }

    StateTable table(StateDescriptor<?> descriptor, boolean namespaced) {
        String name = descriptor.getName() + (namespaced ? "#window" : "");
        StateTable t = tables.get(name);
        if (t == null) {
            t = new StateTable(name, descriptor.kind(), namespaced, range, versions, copier);
            tables.put(name, t);
        } else if (!t.kind().equals(descriptor.kind())) {
            throw new IllegalStateException("state '" + descriptor.getName() + "' is already a " + t.kind()
                    + " state; it cannot also be a " + descriptor.kind() + " state");
        }
        return t;
    }

    /** The table of a function's state with TTL; snapshots leave its expired values out if the config says so. */
    private TtlStates.Ttl ttlTable(StateDescriptor<?> descriptor, StateTable table) {
        TtlStates.Ttl ttl = new TtlStates.Ttl(descriptor.getTtlConfig(), ttlClock);
        table.setTtl(descriptor.getTtlConfig().isCleanupInFullSnapshot() ? ttl : null);
        return ttl;
    }

    /** A function's value state ({@code getState}): with its TTL, if it has one. */
    public <T> io.ebbflow.api.state.ValueState<T> userValueState(ValueStateDescriptor<T> d) {
        if (!d.getTtlConfig().isEnabled()) {
            return valueState(d, false);
        }
        StateTable t = table(d, false);
        return new TtlStates.Value<>(this, t, ttlTable(d, t), d.getDefaultValue());
    }

    public <T> io.ebbflow.api.state.ListState<T> userListState(ListStateDescriptor<T> d) {
        if (!d.getTtlConfig().isEnabled()) {
            return listState(d, false);
        }
        StateTable t = table(d, false);
        return new TtlStates.ListImpl<>(this, t, ttlTable(d, t));
    }

    public <K, V> io.ebbflow.api.state.MapState<K, V> userMapState(MapStateDescriptor<K, V> d) {
        if (!d.getTtlConfig().isEnabled()) {
            return mapState(d, false);
        }
        StateTable t = table(d, false);
        return new TtlStates.MapImpl<>(this, t, ttlTable(d, t));
    }

    public <T> io.ebbflow.api.state.ReducingState<T> userReducingState(ReducingStateDescriptor<T> d) {
        if (!d.getTtlConfig().isEnabled()) {
            return reducingState(d, false);
        }
        StateTable t = table(d, false);
        return new TtlStates.Reducing<>(this, t, ttlTable(d, t), d.getReduceFunction());
    }

    public <I, A, O> io.ebbflow.api.state.AggregatingState<I, O> userAggregatingState(AggregatingStateDescriptor<I, A, O> d) {
        if (!d.getTtlConfig().isEnabled()) {
            return aggregatingState(d, false);
        }
        StateTable t = table(d, false);
        return new TtlStates.Aggregating<>(this, t, ttlTable(d, t), d.getAggregateFunction());
    }

    /** The table a restored block names, created if this is its first block (restore only). */
    public StateTable restoredTable(String name, String kind, boolean namespaced) {
        StateTable t = tables.get(name);
        if (t == null) {
            t = new StateTable(name, kind, namespaced, range, versions, copier);
            tables.put(name, t);
        } else if (!t.kind().equals(kind) || t.isNamespaced() != namespaced) {
            throw new IllegalStateException("restored state '" + name + "' is a " + kind + " state in one key group and a "
                    + t.kind() + " state in another");
        }
        return t;
    }

    private void checkKey() {
        if (currentKeyGroup < 0) {
            throw new IllegalStateException("keyed state is only available while a record or timer of a key is processed");
        }
    }

    public <T> HeapStates.Value<T> valueState(ValueStateDescriptor<T> d, boolean namespaced) {
        return new HeapStates.Value<>(this, table(d, namespaced), d.getDefaultValue());
    }

    public <T> HeapStates.ListImpl<T> listState(ListStateDescriptor<T> d, boolean namespaced) {
        return new HeapStates.ListImpl<>(this, table(d, namespaced));
    }

    public <K, V> HeapStates.MapImpl<K, V> mapState(MapStateDescriptor<K, V> d, boolean namespaced) {
        return new HeapStates.MapImpl<>(this, table(d, namespaced));
    }

    public <T> HeapStates.Reducing<T> reducingState(ReducingStateDescriptor<T> d, boolean namespaced) {
        return new HeapStates.Reducing<>(this, table(d, namespaced), d.getReduceFunction());
    }

    public <I, A, O> HeapStates.Aggregating<I, A, O> aggregatingState(AggregatingStateDescriptor<I, A, O> d,
            boolean namespaced) {
        return new HeapStates.Aggregating<>(this, table(d, namespaced), d.getAggregateFunction());
    }

    Object get(StateTable t, Object namespace) {
        checkKey();
        return t.get(currentKeyGroup, currentKey, namespace);
    }

    void put(StateTable t, Object namespace, Object value) {
        checkKey();
        t.put(currentKeyGroup, currentKey, namespace, value);
    }

    void remove(StateTable t, Object namespace) {
        checkKey();
        t.remove(currentKeyGroup, currentKey, namespace);
    }
}
