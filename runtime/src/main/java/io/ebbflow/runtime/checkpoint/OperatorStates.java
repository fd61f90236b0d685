package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.OperatorSnapshot;

import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.OperatorStateStore;
import io.ebbflow.runtime.serialization.UserCodeSerializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator (non-keyed) state of one operator of one subtask: named lists, and named union lists.
 * Items are serialized one by one at a snapshot, so the JobMaster can deal them out to the subtasks of a
 * new parallelism without reading them.
 */
public final class OperatorStates implements OperatorStateStore {

    private final Map<String, List<Object>> lists = new LinkedHashMap<>();
    private final Map<String, List<Object>> unions = new LinkedHashMap<>();
    private final ClassLoader classLoader;
    private final boolean restored;

    /** Operator state, restored from {@code restore} (names with {@link StateAssignment#UNION_PREFIX} are union state). */
    public OperatorStates(ClassLoader classLoader, Map<String, List<byte[]>> restore) {
        this.classLoader = classLoader;
        this.restored = restore != null;
        if (restore != null) {
            restore.forEach((name, items) -> {
                List<Object> values = new ArrayList<>();
                for (byte[] b : items) {
                    values.add(UserCodeSerializer.deserialize(b, classLoader));
                }
                if (name.startsWith(StateAssignment.UNION_PREFIX)) {
                    unions.put(name.substring(StateAssignment.UNION_PREFIX.length()), values);
                } else {
                    lists.put(name, values);
                }
            });
        }
    }

    public boolean isRestored() {
        return restored;
    }

    /** The list {@code name} (created empty if absent). */
    public List<Object> list(String name) {
        return lists.computeIfAbsent(name, n -> new ArrayList<>());
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return new View<>(lists.computeIfAbsent(descriptor.getName(), n -> new ArrayList<>()));
    }

    @Override
    public <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor) {
        return new View<>(unions.computeIfAbsent(descriptor.getName(), n -> new ArrayList<>()));
    }

    /** Serializes every list for a snapshot. */
    public OperatorSnapshot snapshot(String operatorId) {
        return new OperatorSnapshot(operatorId, 0, List.of(), serialize(lists), serialize(unions));
    }

    public boolean isEmpty() {
        return lists.values().stream().allMatch(List::isEmpty) && unions.values().stream().allMatch(List::isEmpty);
    }

    private Map<String, List<byte[]>> serialize(Map<String, List<Object>> m) {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        m.forEach((name, items) -> {
            List<byte[]> bytes = new ArrayList<>(items.size());
            for (Object o : items) {
                bytes.add(UserCodeSerializer.serialize(o, classLoader));
            }
            out.put(name, bytes);
        });
        return out;
    }

    private static final class View<T> implements ListState<T> {
        private final List<Object> items;

        View(List<Object> items) {
            this.items = items;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Iterable<T> get() {
            return (List<T>) (List<?>) new ArrayList<>(items);
        }

        @Override
        public void add(T value) {
            items.add(value);
        }

        @Override
        public void addAll(List<T> values) {
            items.addAll(values);
        }

        @Override
        public void update(List<T> values) {
            items.clear();
            items.addAll(values);
        }

        @Override
        public void clear() {
            items.clear();
        }
    }
}
