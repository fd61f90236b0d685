package io.ebbflow.runtime.state;

import io.ebbflow.api.functions.AggregateFunction;
import io.ebbflow.api.functions.ReduceFunction;
import io.ebbflow.api.state.AggregatingState;
import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.MapState;
import io.ebbflow.api.state.ReducingState;
import io.ebbflow.api.state.ValueState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The heap implementations of the state kinds, bound to a backend's current key and a namespace. */
public final class HeapStates {

    private HeapStates() {
    }

    /** Common: the table, and the namespace (window) the state currently refers to. */
    public abstract static class Base {
        final HeapKeyedStateBackend backend;
        final StateTable table;
        Object namespace = VoidNamespace.INSTANCE;

        Base(HeapKeyedStateBackend backend, StateTable table) {
            this.backend = backend;
            this.table = table;
        }

        /** Sets the window the following accesses are for (per-window state only). */
        public void setNamespace(Object namespace) {
            this.namespace = namespace;
        }

        public void clear() {
            backend.remove(table, namespace);
        }

        /**
         * Merges the current key's state in the {@code sources} namespaces into {@code target} and removes
         * it from the sources (windows that merged). Leaves the namespace at {@code target}.
         */
        public void mergeNamespaces(Object target, java.util.Collection<?> sources) throws Exception {
            Object merged = null;
            for (Object source : sources) {
                Object v = backend.get(table, source);
                if (v != null) {
                    backend.remove(table, source);
                    merged = merged == null ? v : merge(merged, v);
                }
            }
            namespace = target;
            if (merged != null) {
                Object current = backend.get(table, target);
                backend.put(table, target, current == null ? merged : merge(current, merged));
            }
        }

        /** Two stored values of this state combined into one (state kinds that can merge). */
        Object merge(Object a, Object b) throws Exception {
            throw new UnsupportedOperationException("state '" + table.name() + "' (" + table.kind()
                    + " state) cannot be merged: only list, reducing and aggregating state merge");
        }
    }

    public static final class Value<T> extends Base implements ValueState<T> {
        private final T defaultValue;

        Value(HeapKeyedStateBackend backend, StateTable table, T defaultValue) {
            super(backend, table);
            this.defaultValue = defaultValue;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T value() {
            Object v = backend.get(table, namespace);
            return v == null ? defaultValue : (T) v;
        }

        @Override
        public void update(T value) {
            if (value == null) {
                clear();
            } else {
                backend.put(table, namespace, value);
            }
        }
    }

    public static final class ListImpl<T> extends Base implements ListState<T> {
        ListImpl(HeapKeyedStateBackend backend, StateTable table) {
            super(backend, table);
        }

        /** The backing list (mutable) or null. */
        @SuppressWarnings("unchecked")
        public ArrayList<T> getInternal() {
            return (ArrayList<T>) backend.get(table, namespace);
        }

        public void setInternal(ArrayList<T> list) {
            if (list == null || list.isEmpty()) {
                clear();
            } else {
                backend.put(table, namespace, list);
            }
        }

        @Override
        public Iterable<T> get() {
            ArrayList<T> l = getInternal();
            return l == null ? Collections.emptyList() : l;
        }

        @Override
        public void add(T value) {
            if (value == null) {
                throw new NullPointerException("list state elements must not be null");
            }
            ArrayList<T> l = getInternal();
            if (l == null) {
                l = new ArrayList<>(4);
                backend.put(table, namespace, l);
            }
            l.add(value);
        }

        @Override
        @SuppressWarnings("unchecked")
        Object merge(Object a, Object b) {
            ArrayList<T> out = new ArrayList<>((ArrayList<T>) a);
            out.addAll((ArrayList<T>) b);
            return out;
        }

        @Override
        public void addAll(List<T> values) {
            values.forEach(this::add);
        }

        @Override
        public void update(List<T> values) {
            setInternal(values == null ? null : new ArrayList<>(values));
        }
    }

    public static final class MapImpl<K, V> extends Base implements MapState<K, V> {
        MapImpl(HeapKeyedStateBackend backend, StateTable table) {
            super(backend, table);
        }

        @SuppressWarnings("unchecked")
        private HashMap<K, V> map(boolean create) {
            HashMap<K, V> m = (HashMap<K, V>) backend.get(table, namespace);
            if (m == null && create) {
                m = new HashMap<>();
                backend.put(table, namespace, m);
            }
            return m;
        }

        @Override
        public V get(K key) {
            HashMap<K, V> m = map(false);
            return m == null ? null : m.get(key);
        }

        @Override
        public void put(K key, V value) {
            map(true).put(key, value);
        }

        @Override
        public void putAll(Map<K, V> values) {
            map(true).putAll(values);
        }

        @Override
        public void remove(K key) {
            HashMap<K, V> m = map(false);
            if (m != null) {
                m.remove(key);
                if (m.isEmpty()) {
                    clear();
                }
            }
        }

        @Override
        public boolean contains(K key) {
            HashMap<K, V> m = map(false);
            return m != null && m.containsKey(key);
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() {
            HashMap<K, V> m = map(false);
            return m == null ? Collections.emptyList() : m.entrySet();
        }

        @Override
        public Iterable<K> keys() {
            HashMap<K, V> m = map(false);
            return m == null ? Collections.emptyList() : m.keySet();
        }

        @Override
        public Iterable<V> values() {
            HashMap<K, V> m = map(false);
            return m == null ? Collections.emptyList() : m.values();
        }

        @Override
        public boolean isEmpty() {
            HashMap<K, V> m = map(false);
            return m == null || m.isEmpty();
        }
    }

    public static final class Reducing<T> extends Base implements ReducingState<T> {
        private final ReduceFunction<T> reduce;

        Reducing(HeapKeyedStateBackend backend, StateTable table, ReduceFunction<T> reduce) {
            super(backend, table);
            this.reduce = reduce;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get() {
            return (T) backend.get(table, namespace);
        }

        @Override
        @SuppressWarnings("unchecked")
        Object merge(Object a, Object b) throws Exception {
            return reduce.reduce((T) a, (T) b);
        }

        @Override
        public void add(T value) {
            T current = get();
            try {
                backend.put(table, namespace, current == null ? value : reduce.reduce(current, value));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new UserFunctionException(e);
            }
        }
    }

    public static final class Aggregating<I, A, O> extends Base implements AggregatingState<I, O> {
        private final AggregateFunction<I, A, O> aggregate;

        Aggregating(HeapKeyedStateBackend backend, StateTable table, AggregateFunction<I, A, O> aggregate) {
            super(backend, table);
            this.aggregate = aggregate;
        }

        @SuppressWarnings("unchecked")
        public A getAccumulator() {
            return (A) backend.get(table, namespace);
        }

        @Override
        public O get() {
            A acc = getAccumulator();
            return acc == null ? null : aggregate.getResult(acc);
        }

        @Override
        @SuppressWarnings("unchecked")
        Object merge(Object a, Object b) {
            return aggregate.merge((A) a, (A) b);
        }

        @Override
        public void add(I value) {
            A acc = getAccumulator();
            backend.put(table, namespace, aggregate.add(value, acc == null ? aggregate.createAccumulator() : acc));
        }
    }

    /** A checked exception from a user function called inside a state access. */
    public static final class UserFunctionException extends RuntimeException {
        public UserFunctionException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }
}
