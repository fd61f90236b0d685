package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.KeyGroupOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.functions.AggregateFunction;
import io.ebbflow.api.state.AggregatingStateDescriptor;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ReducingStateDescriptor;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.windowing.TimeWindow;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.InternalTimers;
import io.ebbflow.runtime.state.KeyGroupRange;
import io.ebbflow.runtime.state.KeyGroups;
import io.ebbflow.runtime.state.VoidNamespace;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of keyed state and both kinds of timers survive a snapshot and a restore into other key-group ranges. */
class StateFilesTest {

    private static final int MAX_PARALLELISM = 16;
    private static final ClassLoader CL = StateFilesTest.class.getClassLoader();

    record Reading(String sensor, double value) {
    }

    /** Average of longs. */
    static final class Average implements AggregateFunction<Long, Tuple2<Long, Long>, Double> {
        @Override
        public Tuple2<Long, Long> createAccumulator() {
            return Tuple2.of(0L, 0L);
        }

        @Override
        public Tuple2<Long, Long> add(Long value, Tuple2<Long, Long> acc) {
            return Tuple2.of(acc.f0 + value, acc.f1 + 1);
        }

        @Override
        public Double getResult(Tuple2<Long, Long> acc) {
            return acc.f1 == 0 ? 0 : (double) acc.f0 / acc.f1;
        }

        @Override
        public Tuple2<Long, Long> merge(Tuple2<Long, Long> a, Tuple2<Long, Long> b) {
            return Tuple2.of(a.f0 + b.f0, a.f1 + b.f1);
        }
    }

    private final ValueStateDescriptor<Reading> valueDesc = new ValueStateDescriptor<>("last", Reading.class);
    private final ListStateDescriptor<String> listDesc = new ListStateDescriptor<>("seen", String.class);
    private final MapStateDescriptor<String, Integer> mapDesc = new MapStateDescriptor<>("counts", String.class, Integer.class);
    private final ReducingStateDescriptor<Long> reduceDesc = new ReducingStateDescriptor<>("sum", Long::sum, Long.class);
    private final AggregatingStateDescriptor<Long, Tuple2<Long, Long>, Double> aggDesc =
            new AggregatingStateDescriptor<>("avg", new Average(), null);

    @Test
    void everyStateKindAndTimerIsRestoredIntoNewRanges(@TempDir Path dir) throws Exception {
        HeapKeyedStateBackend original = new HeapKeyedStateBackend(new KeyGroupRange(0, MAX_PARALLELISM - 1), MAX_PARALLELISM);
        InternalTimers timers = new InternalTimers();
        var value = original.valueState(valueDesc, false);
        var list = original.listState(listDesc, false);
        var map = original.mapState(mapDesc, false);
        var reduce = original.reducingState(reduceDesc, false);
        var agg = original.aggregatingState(aggDesc, false);
        var window = original.listState(new ListStateDescriptor<>("window-contents", Long.class), true);
        for (int k = 0; k < 100; k++) {
            String key = "key-" + k;
            original.setCurrentKey(key);
            value.update(new Reading("s" + k, k / 2.0));
            list.add("a" + k);
            list.add("b" + k);
            map.put("x", k);
            map.put("y", -k);
            reduce.add((long) k);
            reduce.add(1L);
            agg.add((long) k);
            agg.add(10L);
            window.setNamespace(new TimeWindow(1000L * k, 1000L * k + 1000));
            window.add((long) k);
            timers.registerEventTimeTimer(new InternalTimers.Timer(5000 + k, key, original.currentKeyGroup(),
                    new TimeWindow(1000L * k, 1000L * k + 1000)));
            timers.registerProcessingTimeTimer(new InternalTimers.Timer(9000 + k, key, original.currentKeyGroup(),
                    VoidNamespace.INSTANCE));
        }
        KeyedStateSnapshot snapshot = StateFiles.snapshot("op", original, timers);
        Path file = dir.resolve("v-0.state");
        List<OperatorSnapshot> written = StateFiles.write(file, List.of(snapshot), Map.of(), CL);
        snapshot.release();
        assertThat(written.get(0).keyGroups()).hasSize(MAX_PARALLELISM);

        // Restore into three new subtasks: together they hold everything, each only its own key groups.
        Set<String> restoredKeys = new HashSet<>();
        int eventTimers = 0;
        int processingTimers = 0;
        for (int i = 0; i < 3; i++) {
            KeyGroupRange range = KeyGroups.rangeForOperator(MAX_PARALLELISM, 3, i);
            HeapKeyedStateBackend restored = new HeapKeyedStateBackend(range, MAX_PARALLELISM);
            List<InternalTimers.Timer> restoredTimers = new ArrayList<>();
            Map<Boolean, Integer> kinds = new HashMap<>();
            for (KeyGroupOffset o : written.get(0).keyGroups()) {
                if (range.contains(o.keyGroup())) {
                    StateFiles.readKeyGroup(new TaskRestore.KeyGroupRead(file.toString(), o.keyGroup(), o.offset(), o.length(),
                            o.crc()), CL, restored, (t, eventTime) -> {
                                restoredTimers.add(t);
                                kinds.merge(eventTime, 1, Integer::sum);
                            });
                }
            }
            eventTimers += kinds.getOrDefault(true, 0);
            processingTimers += kinds.getOrDefault(false, 0);
            var v = restored.valueState(valueDesc, false);
            var l = restored.listState(listDesc, false);
            var m = restored.mapState(mapDesc, false);
            var r = restored.reducingState(reduceDesc, false);
            var a = restored.aggregatingState(aggDesc, false);
            var w = restored.listState(new ListStateDescriptor<>("window-contents", Long.class), true);
            for (int k = 0; k < 100; k++) {
                String key = "key-" + k;
                if (!range.contains(KeyGroups.assignToKeyGroup(key, MAX_PARALLELISM))) {
                    continue;
                }
                restoredKeys.add(key);
                restored.setCurrentKey(key);
                assertThat(v.value()).isEqualTo(new Reading("s" + k, k / 2.0));
                assertThat(l.get()).containsExactly("a" + k, "b" + k);
                assertThat(m.get("x")).isEqualTo(k);
                assertThat(m.get("y")).isEqualTo(-k);
                assertThat(r.get()).isEqualTo(k + 1L);
                assertThat(a.get()).isEqualTo((k + 10) / 2.0);
                w.setNamespace(new TimeWindow(1000L * k, 1000L * k + 1000));
                assertThat(w.get()).containsExactly((long) k);
            }
            for (InternalTimers.Timer t : restoredTimers) {
                assertThat(range.contains(t.keyGroup())).isTrue();
                assertThat(t.keyGroup()).isEqualTo(KeyGroups.assignToKeyGroup(t.key(), MAX_PARALLELISM));
            }
        }
        assertThat(restoredKeys).hasSize(100);
        assertThat(eventTimers).isEqualTo(100);
        assertThat(processingTimers).isEqualTo(100);
    }

    @Test
    void aCorruptBlockIsReportedWithItsKeyGroupAndFile(@TempDir Path dir) throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(new KeyGroupRange(0, 3), 4);
        var value = backend.valueState(new ValueStateDescriptor<>("v", Long.class), false);
        for (long k = 0; k < 20; k++) {
            backend.setCurrentKey(k);
            value.update(k * k);
        }
        Path file = dir.resolve("s.state");
        KeyGroupOffset block = StateFiles.write(file, List.of(StateFiles.snapshot("op", backend, null)), Map.of(), CL)
                .get(0).keyGroups().stream().filter(o -> o.length() > 4).findFirst().orElseThrow();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(block.offset() + 2);
            int b = raf.read();
            raf.seek(block.offset() + 2);
            raf.write(b ^ 0xFF);
        }
        HeapKeyedStateBackend restored = new HeapKeyedStateBackend(new KeyGroupRange(0, 3), 4);
        assertThatThrownBy(() -> StateFiles.readKeyGroup(new TaskRestore.KeyGroupRead(file.toString(), block.keyGroup(),
                block.offset(), block.length(), block.crc()), CL, restored, (t, e) -> { }))
                .isInstanceOf(StateFiles.CorruptStateException.class)
                .hasMessageContaining("key group " + block.keyGroup()).hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");
    }
}
