package io.ebbflow.runtime.state;

import io.ebbflow.api.functions.AggregateFunction;
import io.ebbflow.api.functions.ReduceFunction;
import io.ebbflow.api.state.AggregatingState;
import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.MapState;
import io.ebbflow.api.state.ReducingState;
import io.ebbflow.api.state.StateTtlConfig;
import io.ebbflow.api.state.ValueState;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keyed state with a time-to-live. What is stored is a {@link TtlValue} (the value and when it was last
 * written, or read with {@code OnReadAndWrite}) per value, per list element and per map entry, as in Flink;
 * an access that finds an expired one removes it (and returns it once, with {@code ReturnExpiredIfNotCleanedUp}).
 * Snapshots leave expired values out when the config asks for {@code cleanupFullSnapshot}
 * ({@link #snapshotFilter}). Time is the subtask's processing time (a manual clock in tests).
 */
public final class TtlStates {

    private TtlStates() {
    }

    /** A stored value with its last-access time. */
    public record TtlValue(Object value, long lastAccess) {
    }

    /** The rules of one state: its config and clock. */
    static final class Ttl {
        private final long ttl;
        private final boolean onRead;
        private final boolean returnExpired;
        private final LongSupplier clock;

        Ttl(StateTtlConfig config, LongSupplier clock) {
            this.ttl = config.getTtl().toMillis();
            this.onRead = config.getUpdateType() == StateTtlConfig.UpdateType.OnReadAndWrite;
            this.returnExpired = config.getStateVisibility() == StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp;
            this.clock = clock;
        }

        long now() {
            return clock.getAsLong();
        }

        boolean expired(TtlValue v, long now) {
            long expiry = v.lastAccess() + ttl;
            return expiry >= v.lastAccess() && expiry <= now; // an overflowing expiry never comes
        }
    }

    /**
     * What a snapshot keeps of a stored value of a TTL state of {@code kind} at time {@code now}: the value, a
     * copy without expired elements or entries, or null when nothing is left.
     */
    @SuppressWarnings("unchecked")
    static Object snapshotFilter(String kind, Ttl ttl, long now, Object stored) {
        switch (kind) {
            case "list" -> {
                ArrayList<TtlValue> kept = new ArrayList<>();
                for (TtlValue v : (List<TtlValue>) stored) {
                    if (!ttl.expired(v, now)) {
                        kept.add(v);
                    }
                }
                return kept.isEmpty() ? null : kept.size() == ((List<?>) stored).size() ? stored : kept;
            }
            case "map" -> {
                HashMap<Object, TtlValue> kept = new HashMap<>();
                ((Map<Object, TtlValue>) stored).forEach((k, v) -> {
                    if (!ttl.expired(v, now)) {
                        kept.put(k, v);
                    }
                });
                return kept.isEmpty() ? null : kept.size() == ((Map<?, ?>) stored).size() ? stored : kept;
            }
            default -> {
                return ttl.expired((TtlValue) stored, now) ? null : stored;
            }
        }
    }

    /** Value, reducing and aggregating state: one {@link TtlValue} per key. */
    abstract static class Single extends HeapStates.Base {
        final Ttl ttl;

        Single(HeapKeyedStateBackend backend, StateTable table, Ttl ttl) {
            super(backend, table);
            this.ttl = ttl;
        }

        /** The user value (null if absent or expired and not to be returned); cleans up and touches as configured. */
        Object read() {
            TtlValue v = (TtlValue) backend.get(table, namespace);
            if (v == null) {
                return null;
            }
            long now = ttl.now();
            if (ttl.expired(v, now)) {
                backend.remove(table, namespace);
                return ttl.returnExpired ? v.value() : null;
            }
            if (ttl.onRead) {
                backend.put(table, namespace, new TtlValue(v.value(), now));
            }
            return v.value();
        }

        /** The user value for an update: absent when expired, never touched. */
        Object current() {
            TtlValue v = (TtlValue) backend.get(table, namespace);
            return v == null || ttl.expired(v, ttl.now()) ? null : v.value();
        }

        void write(Object value) {
            backend.put(table, namespace, new TtlValue(value, ttl.now()));
        }
    }

    static final class Value<T> extends Single implements ValueState<T> {
        private final T defaultValue;

        Value(HeapKeyedStateBackend backend, StateTable table, Ttl ttl, T defaultValue) {
            super(backend, table, ttl);
            this.defaultValue = defaultValue;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T value() {
            Object v = read();
            return v == null ? defaultValue : (T) v;
        }

        @Override
        public void update(T value) {
            if (value == null) {
                clear();
            } else {
                write(value);
            }
        }
    }

    static final class Reducing<T> extends Single implements ReducingState<T> {
        private final ReduceFunction<T> reduce;

        Reducing(HeapKeyedStateBackend backend, StateTable table, Ttl ttl, ReduceFunction<T> reduce) {
            super(backend, table, ttl);
            this.reduce = reduce;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get() {
            return (T) read();
        }

        @Override
        @SuppressWarnings("unchecked")
        public void add(T value) {
            T current = (T) current();
            try {
                write(current == null ? value : reduce.reduce(current, value));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HeapStates.UserFunctionException(e);
            }
        }
    }

    static final class Aggregating<I, A, O> extends Single implements AggregatingState<I, O> {
        private final AggregateFunction<I, A, O> aggregate;

        Aggregating(HeapKeyedStateBackend backend, StateTable table, Ttl ttl, AggregateFunction<I, A, O> aggregate) {
            super(backend, table, ttl);
            this.aggregate = aggregate;
        }

        @Override
        @SuppressWarnings("unchecked")
        public O get() {
            A acc = (A) read();
            return acc == null ? null : aggregate.getResult(acc);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void add(I value) {
            A acc = (A) current();
            write(aggregate.add(value, acc == null ? aggregate.createAccumulator() : acc));
        }
    }

    /** List state: a {@link TtlValue} per element. */
    static final class ListImpl<T> extends HeapStates.Base implements ListState<T> {
        private final Ttl ttl;

        ListImpl(HeapKeyedStateBackend backend, StateTable table, Ttl ttl) {
            super(backend, table);
            this.ttl = ttl;
        }

        @SuppressWarnings("unchecked")
        private ArrayList<TtlValue> stored() {
            return (ArrayList<TtlValue>) backend.get(table, namespace);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Iterable<T> get() {
            ArrayList<TtlValue> stored = stored();
            if (stored == null) {
                return List.of();
            }
            long now = ttl.now();
            List<T> out = new ArrayList<>(stored.size());
            ArrayList<TtlValue> kept = new ArrayList<>(stored.size());
            for (TtlValue v : stored) {
                boolean expired = ttl.expired(v, now);
                if (!expired || ttl.returnExpired) {
                    out.add((T) v.value());
                }
                if (!expired) {
                    kept.add(ttl.onRead ? new TtlValue(v.value(), now) : v);
                }
            }
            if (kept.isEmpty()) {
                clear();
            } else if (kept.size() != stored.size() || ttl.onRead) {
                backend.put(table, namespace, kept);
            }
            return out;
        }

        @Override
        public void add(T value) {
            if (value == null) {
                throw new NullPointerException("list state elements must not be null");
            }
            ArrayList<TtlValue> l = stored();
            if (l == null) {
                l = new ArrayList<>(4);
                backend.put(table, namespace, l);
            }
            l.add(new TtlValue(value, ttl.now()));
        }

        @Override
        public void addAll(List<T> values) {
            values.forEach(this::add);
        }

        @Override
        public void update(List<T> values) {
            clear();
            if (values != null) {
                addAll(values);
            }
        }
    }

    /** Map state: a {@link TtlValue} per entry. */
    static final class MapImpl<K, V> extends HeapStates.Base implements MapState<K, V> {
        private final Ttl ttl;

        MapImpl(HeapKeyedStateBackend backend, StateTable table, Ttl ttl) {
            super(backend, table);
            this.ttl = ttl;
        }

        @SuppressWarnings("unchecked")
        private HashMap<K, TtlValue> map(boolean create) {
            HashMap<K, TtlValue> m = (HashMap<K, TtlValue>) backend.get(table, namespace);
            if (m == null && create) {
                m = new HashMap<>();
                backend.put(table, namespace, m);
            }
            return m;
        }

        /** The entry's value as an access sees it, cleaning and touching it. */
        @SuppressWarnings("unchecked")
        private V read(HashMap<K, TtlValue> m, K key, long now) {
            TtlValue v = m.get(key);
            if (v == null) {
                return null;
            }
            if (ttl.expired(v, now)) {
                m.remove(key);
                return ttl.returnExpired ? (V) v.value() : null;
            }
            if (ttl.onRead) {
                m.put(key, new TtlValue(v.value(), now));
            }
            return (V) v.value();
        }

        private void dropIfEmpty(HashMap<K, TtlValue> m) {
            if (m.isEmpty()) {
                clear();
            }
        }

        @Override
        public V get(K key) {
            HashMap<K, TtlValue> m = map(false);
            if (m == null) {
                return null;
            }
            V v = read(m, key, ttl.now());
            dropIfEmpty(m);
            return v;
        }

        @Override
        public void put(K key, V value) {
            map(true).put(key, new TtlValue(value, ttl.now()));
        }

        @Override
        public void putAll(Map<K, V> values) {
            values.forEach(this::put);
        }

        @Override
        public void remove(K key) {
            HashMap<K, TtlValue> m = map(false);
            if (m != null) {
                m.remove(key);
                dropIfEmpty(m);
            }
        }

        @Override
        public boolean contains(K key) {
            return get(key) != null;
        }

        /** The live entries (expired ones removed), as a copy: changes go through put and remove. */
        private List<Map.Entry<K, V>> live() {
            HashMap<K, TtlValue> m = map(false);
            if (m == null) {
                return List.of();
            }
            long now = ttl.now();
            List<Map.Entry<K, V>> out = new ArrayList<>(m.size());
            for (K key : new ArrayList<>(m.keySet())) {
                V v = read(m, key, now);
                if (v != null) {
                    out.add(new AbstractMap.SimpleImmutableEntry<>(key, v));
                }
            }
            dropIfEmpty(m);
            return out;
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() {
            return live();
        }

        @Override
        public Iterable<K> keys() {
            List<K> keys = new ArrayList<>();
            live().forEach(e -> keys.add(e.getKey()));
            return keys;
        }

        @Override
        public Iterable<V> values() {
            List<V> values = new ArrayList<>();
            live().forEach(e -> values.add(e.getValue()));
            return values;
        }

        @Override
        public boolean isEmpty() {
            Iterator<Map.Entry<K, V>> it = live().iterator();
            return !it.hasNext();
        }
    }
}
