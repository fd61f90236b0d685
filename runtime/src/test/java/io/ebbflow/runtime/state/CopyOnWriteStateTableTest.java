package io.ebbflow.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ValueStateDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The copy-on-write state tables against a model: seeded random writes (replacing values, changing
 * mutable values in place as user code may, adding to lists, maps, per-window state, clearing), with
 * snapshots taken and read back at random later points. Each snapshot must hold exactly what the model
 * held when it was taken, whatever was written afterwards, and the live state must match the model.
 */
class CopyOnWriteStateTableTest {

    private static final int MAX_PARALLELISM = 16;
    private static final int KEYS = 300;

    private HeapKeyedStateBackend backend;
    private HeapStates.Value<long[]> array;
    private HeapStates.ListImpl<Long> list;
    private HeapStates.MapImpl<String, Integer> map;
    private HeapStates.Value<Long> window;
    /** "table|key|namespace" to the value in a comparable form. */
    private final Map<String, Object> model = new TreeMap<>();

    private record Taken(HeapKeyedStateBackend.Snapshot snapshot, Map<String, Object> expected) {
    }

    private void setUpBackend() {
        backend = new HeapKeyedStateBackend(new KeyGroupRange(0, MAX_PARALLELISM - 1), MAX_PARALLELISM);
        array = backend.valueState(new ValueStateDescriptor<>("array", long[].class), false);
        list = backend.listState(new ListStateDescriptor<>("list", Long.class), false);
        map = backend.mapState(new MapStateDescriptor<>("map", String.class, Integer.class), false);
        window = backend.valueState(new ValueStateDescriptor<>("window", Long.class), true);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void snapshotsHoldExactlyTheStateAtTheirBarrier(long seed) throws Exception {
        setUpBackend();
        Random random = new Random(seed);
        List<Taken> pending = new ArrayList<>();
        int snapshots = 0;
        for (int op = 0; op < 20_000; op++) {
            int dice = random.nextInt(1000);
            if (dice < 4) {
                pending.add(new Taken(backend.snapshot(), new TreeMap<>(deepCopy(model))));
                snapshots++;
            } else if (dice < 8 && !pending.isEmpty()) {
                Taken t = pending.remove(random.nextInt(pending.size()));
                assertThat(contents(t.snapshot())).as("snapshot at op %d, seed %d", op, seed).isEqualTo(t.expected());
                t.snapshot().release();
            } else {
                write(random);
            }
        }
        for (Taken t : pending) {
            assertThat(contents(t.snapshot())).isEqualTo(t.expected());
            t.snapshot().release();
        }
        assertThat(snapshots).isGreaterThan(20);
        assertThat(backend.pendingSnapshots()).isZero();
        assertLiveStateMatchesModel();
    }

    @Test
    void aValueChangedInPlaceAfterTheSnapshotIsTheSubtasksOwnCopy() throws Exception {
        setUpBackend();
        backend.setCurrentKey(7L);
        array.update(new long[] {1, 2, 3});
        HeapKeyedStateBackend.Snapshot snapshot = backend.snapshot();

        long[] live = array.value();
        live[0] = 100;
        assertThat(array.value()).containsExactly(100, 2, 3);
        assertThat(contents(snapshot)).containsEntry("array|7|void", List.of(1L, 2L, 3L));

        snapshot.release();
        assertThat(array.value()).as("no copy once released").isSameAs(array.value());
    }

    @Test
    void withoutPendingSnapshotsNothingIsCopied() {
        setUpBackend();
        backend.setCurrentKey(1L);
        long[] value = {4, 5};
        array.update(value);
        assertThat(array.value()).isSameAs(value);
        backend.snapshot().release();
        assertThat(array.value()).isSameAs(value);
    }

    private void write(Random random) {
        long key = random.nextInt(KEYS);
        backend.setCurrentKey(key);
        int what = random.nextInt(12);
        switch (what) {
            case 0, 1 -> {
                long[] v = random.longs(1 + random.nextInt(4), 0, 100).toArray();
                array.update(v);
                model.put("array|" + key + "|void", boxed(v));
            }
            case 2, 3 -> {
                long[] v = array.value();
                if (v != null) {
                    int i = random.nextInt(v.length);
                    v[i] = random.nextInt(1000); // in place, no update(): the live state sees it
                    model.put("array|" + key + "|void", boxed(v));
                }
            }
            case 4 -> {
                array.clear();
                model.remove("array|" + key + "|void");
            }
            case 5, 6 -> {
                long v = random.nextInt(100);
                list.add(v);
                @SuppressWarnings("unchecked")
                List<Long> l = (List<Long>) model.computeIfAbsent("list|" + key + "|void", k -> new ArrayList<Long>());
                l.add(v);
            }
            case 7 -> {
                list.clear();
                model.remove("list|" + key + "|void");
            }
            case 8 -> {
                String k = "k" + random.nextInt(5);
                int v = random.nextInt(100);
                map.put(k, v);
                @SuppressWarnings("unchecked")
                Map<String, Integer> m = (Map<String, Integer>) model.computeIfAbsent("map|" + key + "|void",
                        x -> new HashMap<String, Integer>());
                m.put(k, v);
            }
            case 9 -> {
                String k = "k" + random.nextInt(5);
                map.remove(k);
                @SuppressWarnings("unchecked")
                Map<String, Integer> m = (Map<String, Integer>) model.get("map|" + key + "|void");
                if (m != null) {
                    m.remove(k);
                    if (m.isEmpty()) {
                        model.remove("map|" + key + "|void");
                    }
                }
            }
            case 10 -> {
                int ns = random.nextInt(4);
                window.setNamespace(ns);
                long v = random.nextInt(1000);
                window.update(v);
                model.put("window|" + key + "|" + ns, v);
            }
            default -> {
                int ns = random.nextInt(4);
                window.setNamespace(ns);
                window.clear();
                model.remove("window|" + key + "|" + ns);
            }
        }
    }

    private void assertLiveStateMatchesModel() {
        Map<String, Object> live = new TreeMap<>();
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            if (array.value() != null) {
                live.put("array|" + key + "|void", boxed(array.value()));
            }
            if (list.getInternal() != null) {
                live.put("list|" + key + "|void", new ArrayList<>(list.getInternal()));
            }
            if (!map.isEmpty()) {
                Map<String, Integer> m = new HashMap<>();
                map.entries().forEach(e -> m.put(e.getKey(), e.getValue()));
                live.put("map|" + key + "|void", m);
            }
            for (int ns = 0; ns < 4; ns++) {
                window.setNamespace(ns);
                if (window.value() != null) {
                    live.put("window|" + key + "|" + ns, window.value());
                }
            }
        }
        assertThat(live).isEqualTo(model);
    }

    /** What a snapshot holds, read as a checkpoint writer reads it. */
    private static Map<String, Object> contents(HeapKeyedStateBackend.Snapshot snapshot) throws Exception {
        Map<String, Object> out = new TreeMap<>();
        for (StateTable.View t : snapshot.tables()) {
            for (int kg = 0; kg < MAX_PARALLELISM; kg++) {
                int[] seen = {0};
                t.forEach(kg, (key, ns, value) -> {
                    seen[0]++;
                    String n = ns == VoidNamespace.INSTANCE ? "void" : ns.toString();
                    out.put(t.name().replace("#window", "") + "|" + key + "|" + n, comparable(value));
                });
                assertThat(seen[0]).isEqualTo(t.size(kg));
            }
        }
        return out;
    }

    private static Object comparable(Object value) {
        if (value instanceof long[] a) {
            return boxed(a);
        } else if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        } else if (value instanceof Map<?, ?> m) {
            return new HashMap<>(m);
        }
        return value;
    }

    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, comparable(v)));
        return out;
    }

    private static List<Long> boxed(long[] a) {
        return new ArrayList<>(Arrays.stream(a).boxed().toList());
    }
}
