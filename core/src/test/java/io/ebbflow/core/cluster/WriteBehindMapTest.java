package io.ebbflow.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.time.ManualTime;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The write-behind replica on a map whose writes complete when the test says so. */
class WriteBehindMapTest {

    @Test
    void aBurstIsWrittenAFewKeysAtATimeInOrderAndEveryValueArrives() {
        HeldWrites map = new HeldWrites(false);
        WriteBehindMap<String> replica = new WriteBehindMap<>(map, 1, new ManualTime(), () -> { }, 4);

        for (int i = 0; i < 100; i++) {
            replica.put("k" + i, "v" + i);
        }
        replica.put("k0", "v0-later");
        Future<Void> flushed = replica.flushed();

        assertThat(map.pending).extracting(w -> w.key).containsExactly("k0", "k1", "k2", "k3");
        int maxPending = 0;
        while (!map.pending.isEmpty()) {
            maxPending = Math.max(maxPending, map.pending.size());
            map.completeOldest();
        }
        assertThat(maxPending).isEqualTo(4);
        assertThat(map.order.subList(0, 5)).containsExactly("k0", "k1", "k2", "k3", "k0");
        assertThat(map.values).hasSize(100).containsEntry("k0", "v0-later").containsEntry("k99", "v99");
        assertThat(flushed.succeeded()).isTrue();
    }

    @Test
    void writesThatCompleteAtOnceDrainALongQueueWithoutDeepeningTheStack() {
        HeldWrites map = new HeldWrites(false);
        WriteBehindMap<String> replica = new WriteBehindMap<>(map, 1, new ManualTime(), () -> { }, 1);
        for (int i = 0; i < 50_000; i++) {
            replica.put("k" + i, "v" + i);
        }

        map.completeAtOnce = true;
        map.completeOldest();

        assertThat(map.values).hasSize(50_000);
        assertThat(replica.flushed().succeeded()).isTrue();
    }

    @Test
    void fencedWhileKeysWaitWritesNothingMoreAndIsIdle() {
        HeldWrites map = new HeldWrites(false);
        AtomicInteger fenced = new AtomicInteger();
        WriteBehindMap<String> replica = new WriteBehindMap<>(map, 1, new ManualTime(), fenced::incrementAndGet, 2);
        for (int i = 0; i < 10; i++) {
            replica.put("k" + i, "v" + i);
        }

        map.fenceNext = true;
        map.completeOldest();
        while (!map.pending.isEmpty()) {
            map.completeOldest();
        }

        assertThat(fenced).hasValue(1);
        assertThat(map.order).containsExactly("k0", "k1");
        assertThat(replica.flushed().succeeded()).isTrue();
    }

    /** A shared map that holds each write until the test completes it (or completes it at once). */
    private static final class HeldWrites implements SharedMap<String> {
        boolean completeAtOnce;
        final List<Held> pending = new ArrayList<>();
        final List<String> order = new ArrayList<>();
        final Map<String, String> values = new HashMap<>();
        boolean fenceNext;

        HeldWrites(boolean completeAtOnce) {
            this.completeAtOnce = completeAtOnce;
        }

        record Held(String key, String value, Promise<WriteResult<String>> promise) {
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public Future<Map<String, Versioned<String>>> entries() {
            return Future.succeededFuture(Map.of());
        }

        @Override
        public Future<Versioned<String>> get(String key) {
            return Future.succeededFuture(null);
        }

        @Override
        public Future<WriteResult<String>> write(String key, long expectedVersion, long writerEpoch, String value) {
            order.add(key);
            Held held = new Held(key, value, Promise.promise());
            if (completeAtOnce) {
                apply(held);
            } else {
                pending.add(held);
            }
            return held.promise.future();
        }

        void completeOldest() {
            apply(pending.remove(0));
        }

        private void apply(Held w) {
            if (fenceNext) {
                w.promise.complete(new WriteResult<>(WriteResult.Outcome.FENCED, new Versioned<>(1, 2, null)));
                return;
            }
            values.put(w.key, w.value);
            w.promise.complete(new WriteResult<>(WriteResult.Outcome.APPLIED, new Versioned<>(1, 1, w.value)));
        }
    }
}
