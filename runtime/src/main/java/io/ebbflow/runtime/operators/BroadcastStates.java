package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.CheckpointListener;
import io.ebbflow.api.functions.CheckpointedFunction;
import io.ebbflow.api.state.BroadcastState;
import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ReadOnlyBroadcastState;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broadcast states of one subtask of a broadcast operator, one map per descriptor. Every subtask holds
 * them in full and writes each into its snapshot as one item of union operator state, so after a restore at any
 * parallelism every subtask gets every old subtask's copy; the copies are equal (only the broadcast input,
 * which every subtask receives whole and in the same order, changes them), and putting them all into one map
 * leaves one. Checkpoint hooks of the user function are called too: the operator hands this object to the
 * subtask as its function ({@code userFunction()}).
 */
@SuppressWarnings("rawtypes")
final class BroadcastStates implements CheckpointedFunction, CheckpointListener {

    private static final String PREFIX = "__broadcast:";

    private final Map<String, Map<Object, Object>> states = new LinkedHashMap<>();
    private final Map<String, ListState<HashMap>> snapshots = new HashMap<>();
    private final Object userFunction;

    BroadcastStates(List<MapStateDescriptor<?, ?>> descriptors, Object userFunction) {
        for (MapStateDescriptor<?, ?> d : descriptors) {
            states.put(d.getName(), new HashMap<>());
        }
        this.userFunction = userFunction;
    }

    @Override
    public void initializeState(InitializationContext context) throws Exception {
        for (Map.Entry<String, Map<Object, Object>> s : states.entrySet()) {
            ListState<HashMap> stored = context.getOperatorStateStore().getUnionListState(
                    new ListStateDescriptor<>(PREFIX + s.getKey(), HashMap.class));
            for (HashMap<?, ?> copy : stored.get()) {
                s.getValue().putAll(copy);
            }
            stored.clear();
            snapshots.put(s.getKey(), stored);
        }
        if (userFunction instanceof CheckpointedFunction f) {
            f.initializeState(context);
        }
    }

    @Override
    public void snapshotState(long checkpointId) throws Exception {
        for (Map.Entry<String, Map<Object, Object>> s : states.entrySet()) {
            snapshots.get(s.getKey()).update(List.of(new HashMap<>(s.getValue())));
        }
        if (userFunction instanceof CheckpointedFunction f) {
            f.snapshotState(checkpointId);
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (userFunction instanceof CheckpointListener l) {
            l.notifyCheckpointComplete(checkpointId);
        }
    }

    /** The state {@code descriptor} names, writable (the broadcast side). */
    @SuppressWarnings("unchecked")
    <K, V> BroadcastState<K, V> writable(MapStateDescriptor<K, V> descriptor) {
        return new View<>((Map<K, V>) map(descriptor));
    }

    /** The state {@code descriptor} names, read only (the other side). */
    @SuppressWarnings("unchecked")
    <K, V> ReadOnlyBroadcastState<K, V> readOnly(MapStateDescriptor<K, V> descriptor) {
        return new ReadOnlyView<>((Map<K, V>) map(descriptor));
    }

    private Map<Object, Object> map(MapStateDescriptor<?, ?> descriptor) {
        Map<Object, Object> m = states.get(descriptor.getName());
        if (m == null) {
            throw new IllegalArgumentException("'" + descriptor.getName() + "' is not a broadcast state of this operator; "
                    + "its broadcast states are those given to broadcast(..): " + states.keySet());
        }
        return m;
    }

    private static class ReadOnlyView<K, V> implements ReadOnlyBroadcastState<K, V> {
        final Map<K, V> map;

        ReadOnlyView(Map<K, V> map) {
            this.map = map;
        }

        @Override
        public V get(K key) {
            return map.get(key);
        }

        @Override
        public boolean contains(K key) {
            return map.containsKey(key);
        }

        @Override
        public Iterable<Map.Entry<K, V>> immutableEntries() {
            return Collections.unmodifiableMap(map).entrySet();
        }

        @Override
        public void clear() {
            throw new UnsupportedOperationException("a broadcast state is read only outside processBroadcastElement");
        }
    }

    private static final class View<K, V> extends ReadOnlyView<K, V> implements BroadcastState<K, V> {
        View(Map<K, V> map) {
            super(map);
        }

        @Override
        public void put(K key, V value) {
            map.put(key, value);
        }

        @Override
        public void putAll(Map<K, V> m) {
            map.putAll(m);
        }

        @Override
        public void remove(K key) {
            map.remove(key);
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return map.entrySet().iterator();
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() {
            return map.entrySet();
        }

        @Override
        public void clear() {
            map.clear();
        }
    }
}
