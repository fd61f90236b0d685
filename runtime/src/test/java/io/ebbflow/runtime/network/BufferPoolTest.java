package io.ebbflow.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A request that waits for a free buffer runs the pool's task meanwhile, on its own thread, until it gets one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BufferPoolTest {

    @Test
    void aWaitingRequestRunsTheTaskOnItsThreadUntilABufferIsFree() throws Exception {
        BufferPool pool = new BufferPool(64, 1);
        NetworkBuffer held = pool.request();
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        pool.whileWaiting(() -> {
            ranOn.set(Thread.currentThread());
            runs.incrementAndGet();
        });
        AtomicReference<Thread> requester = new AtomicReference<>();
        CompletableFuture<NetworkBuffer> waiting = CompletableFuture.supplyAsync(() -> {
            requester.set(Thread.currentThread());
            try {
                return pool.request();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 2);
        assertThat(waiting).isNotDone();
        assertThat(ranOn.get()).isSameAs(requester.get());
        assertThat(pool.backPressuredNanos()).isGreaterThanOrEqualTo(BufferPool.WHILE_WAITING_NANOS);

        held.recycle();
        NetworkBuffer got = waiting.get(30, TimeUnit.SECONDS);
        assertThat(got).isSameAs(held);
        int after = runs.get();
        got.recycle();
        pool.request().recycle(); // a free buffer: no wait, no task
        assertThat(runs.get()).isEqualTo(after);
    }

    @Test
    void aRequestWaitingWhenThePoolIsReleasedFails() throws Exception {
        BufferPool pool = new BufferPool(64, 1);
        pool.request();
        AtomicInteger runs = new AtomicInteger();
        pool.whileWaiting(runs::incrementAndGet);
        CompletableFuture<NetworkBuffer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.request();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 1);

        pool.destroy();
        assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("buffer pool released");
    }
}
