package io.ebbflow.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.MapState;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ReducingState;
import io.ebbflow.api.state.ReducingStateDescriptor;
import io.ebbflow.api.state.StateTtlConfig;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** State TTL on a manual clock: expiry, update types, visibility, per element and entry, snapshot cleanup. */
class TtlStateTest {

    private long now;
    private HeapKeyedStateBackend backend;

    @BeforeEach
    void setUp() {
        backend = new HeapKeyedStateBackend(KeyGroups.rangeForOperator(8, 1, 0), 8);
        backend.setTtlClock(() -> now);
        backend.setCurrentKey("k");
    }

    private static StateTtlConfig.Builder ttl(long millis) {
        return StateTtlConfig.newBuilder(Duration.ofMillis(millis));
    }

    private <T> ValueState<T> value(String name, Class<T> type, StateTtlConfig config) {
        ValueStateDescriptor<T> d = new ValueStateDescriptor<>(name, type);
        d.enableTimeToLive(config);
        return backend.userValueState(d);
    }

    @Test
    void aValueExpiresTtlAfterItsLastWrite() {
        ValueState<String> v = value("v", String.class, ttl(10).build());
        v.update("a");
        now = 9;
        assertThat(v.value()).isEqualTo("a");
        now = 10;
        assertThat(v.value()).as("OnCreateAndWrite: the read at 9 did not extend it").isNull();
        v.update("b");
        now = 19;
        assertThat(v.value()).isEqualTo("b");
    }

    @Test
    void onReadAndWriteExtendsTheLifeAtEveryRead() {
        ValueState<String> v = value("v", String.class, ttl(10).setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite).build());
        v.update("a");
        now = 8;
        assertThat(v.value()).isEqualTo("a");
        now = 17;
        assertThat(v.value()).isEqualTo("a");
        now = 27;
        assertThat(v.value()).isNull();
    }

    @Test
    void returnExpiredIfNotCleanedUpReturnsItOnceAndCleansIt() {
        ValueState<String> v = value("v", String.class, ttl(10)
                .setStateVisibility(StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp).build());
        v.update("a");
        now = 50;
        assertThat(v.value()).isEqualTo("a");
        assertThat(v.value()).isNull();
        assertThat(backend.tables().get("v").size()).isZero();
    }

    @Test
    void mapEntriesAndListElementsExpireOneByOne() throws Exception {
        MapStateDescriptor<String, Integer> md = new MapStateDescriptor<>("m", String.class, Integer.class);
        md.enableTimeToLive(ttl(10).build());
        MapState<String, Integer> m = backend.userMapState(md);
        ListStateDescriptor<Integer> ld = new ListStateDescriptor<>("l", Integer.class);
        ld.enableTimeToLive(ttl(10).build());
        ListState<Integer> l = backend.userListState(ld);
        m.put("a", 1);
        l.add(1);
        now = 5;
        m.put("b", 2);
        l.add(2);
        now = 12;
        assertThat(m.get("a")).isNull();
        assertThat(m.contains("b")).isTrue();
        List<String> keys = new ArrayList<>();
        m.keys().forEach(keys::add);
        assertThat(keys).containsExactly("b");
        assertThat(l.get()).containsExactly(2);
        now = 15;
        assertThat(m.isEmpty()).isTrue();
        assertThat(l.get()).isEmpty();
        assertThat(backend.tables().get("m").size() + backend.tables().get("l").size()).as("cleaned on access").isZero();
    }

    @Test
    void aReducingStateStartsAgainOnceItsValueExpired() throws Exception {
        ReducingStateDescriptor<Long> d = new ReducingStateDescriptor<>("sum", Long::sum, Long.class);
        d.enableTimeToLive(ttl(10).build());
        ReducingState<Long> sum = backend.userReducingState(d);
        sum.add(3L);
        now = 5;
        sum.add(4L);
        assertThat(sum.get()).isEqualTo(7L);
        now = 16;
        sum.add(1L);
        assertThat(sum.get()).isEqualTo(1L);
    }

    private static int visited(HeapKeyedStateBackend.Snapshot snapshot, String table) throws Exception {
        int[] n = {0};
        for (StateTable.View view : snapshot.tables()) {
            if (view.name().equals(table)) {
                for (int kg = 0; kg < 8; kg++) {
                    view.forEach(kg, (key, ns, value) -> n[0]++);
                }
            }
        }
        return n[0];
    }

    @Test
    void aFullSnapshotLeavesExpiredValuesOutOnlyWhenAskedTo() throws Exception {
        ValueState<String> cleaned = value("cleaned", String.class, ttl(10).cleanupFullSnapshot().build());
        ValueState<String> kept = value("kept", String.class, ttl(10).build());
        for (String key : List.of("a", "b", "c")) {
            backend.setCurrentKey(key);
            cleaned.update(key);
            kept.update(key);
        }
        now = 6;
        backend.setCurrentKey("b");
        cleaned.update("b2");
        now = 12; // a and c expired, b (written at 6) lives until 16
        HeapKeyedStateBackend.Snapshot snapshot = backend.snapshot();
        try {
            assertThat(visited(snapshot, "cleaned")).isEqualTo(1);
            assertThat(visited(snapshot, "kept")).as("without cleanupFullSnapshot").isEqualTo(3);
        } finally {
            snapshot.release();
        }
    }
}
