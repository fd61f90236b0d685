package io.ebbflow.connector.kafka.source.reader;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between a {@link KafkaFetcher} and its reader's thread: the fetcher puts what each poll
 * returned, and waits while {@code capacity} fetches are waiting (backpressure: it polls no more); the reader takes
 * them without blocking, and waits for the next one on the future of {@link #available()}. A failure of the fetcher
 * reaches the reader once the fetches before it are taken. The fetcher also waits here for work of other kinds (a
 * task from the reader, closing): {@link #signalFetcher()} ends its current or next wait.
 */
final class FetchQueue {

    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    private final int capacity;
    private final ArrayDeque<Fetch> fetches;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition fetcherWakes = lock.newCondition();
    /** The fetcher has work besides fetching: its current or next wait ends. */
    private boolean fetcherSignalled;
    /** What the reader waits on while nothing is queued; null when it does not wait. */
    private CompletableFuture<Void> whenAvailable;
    private Throwable failure;

    FetchQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.fetches = new ArrayDeque<>(capacity);
    }

    // ---------------------------------------------------------------------------------- the reader's thread

    /**
     * The oldest fetch, or null if none waits.
     *
     * @throws IOException once the fetches before it are taken, if the fetcher failed; {@code what} names the reader
     */
    Fetch poll(String what) throws IOException {
        lock.lock();
        try {
            Fetch f = fetches.poll();
            if (f != null) {
                if (fetches.size() == capacity - 1) {
                    fetcherWakes.signal(); // it may wait for room
                }
                return f;
            }
            if (failure != null) {
                throw new IOException(what + ": reading from Kafka failed: " + failure, failure);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** A future that completes when a fetch (or a failure) is there to be taken; complete if one is already. */
    CompletableFuture<Void> available() {
        lock.lock();
        try {
            if (!fetches.isEmpty() || failure != null) {
                return AVAILABLE;
            }
            if (whenAvailable == null) {
                whenAvailable = new CompletableFuture<>();
            }
            return whenAvailable;
        } finally {
            lock.unlock();
        }
    }

    /** How many fetches wait to be taken. */
    int size() {
        lock.lock();
        try {
            return fetches.size();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------- any thread

    /** Ends the fetcher's current wait, or its next one: it has work besides fetching. */
    void signalFetcher() {
        lock.lock();
        try {
            fetcherSignalled = true;
            fetcherWakes.signal();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------- the fetcher's thread

    /**
     * Queues {@code fetch}, waiting while the queue is full; gives up (returns false, nothing queued) when
     * {@link #signalFetcher() signalled} while full, or when still full after {@code maxWaitNanos}.
     */
    boolean put(Fetch fetch, long maxWaitNanos) {
        CompletableFuture<Void> waiting;
        lock.lock();
        try {
            long left = maxWaitNanos;
            while (fetches.size() >= capacity && !fetcherSignalled && left > 0) {
                try {
                    left = fetcherWakes.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (fetches.size() >= capacity) {
                fetcherSignalled = false;
                return false;
            }
            fetches.add(fetch);
            waiting = takeWaiting();
        } finally {
            lock.unlock();
        }
        complete(waiting);
        return true;
    }

    /** Waits until {@link #signalFetcher() signalled} (at once if it was since the last wait). */
    void awaitSignal() {
        lock.lock();
        try {
            while (!fetcherSignalled) {
                fetcherWakes.awaitUninterruptibly();
            }
            fetcherSignalled = false;
        } finally {
            lock.unlock();
        }
    }

    /** The fetcher failed with {@code cause}: the reader fails with it once it took the fetches before. */
    void fail(Throwable cause) {
        CompletableFuture<Void> waiting;
        lock.lock();
        try {
            failure = cause;
            waiting = takeWaiting();
        } finally {
            lock.unlock();
        }
        complete(waiting);
    }

    private CompletableFuture<Void> takeWaiting() {
        CompletableFuture<Void> w = whenAvailable;
        whenAvailable = null;
        return w;
    }

    /** Outside the lock: completing runs the reader's wake-up. */
    private static void complete(CompletableFuture<Void> waiting) {
        if (waiting != null) {
            waiting.complete(null);
        }
    }
}
