package io.ebbflow.core.cluster;

import io.ebbflow.core.time.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates a verticle's authoritative in-memory view into a {@link SharedMap}, key by key, latest
 * value wins. At most one write per key is in flight; values set meanwhile coalesce into the next
 * write. Every write is guarded by the last version this writer saw and by its epoch: a version
 * mismatch means a reader or an older instance wrote the key, and the owner's value is written over it;
 * a fenced write means a newer owner exists, and {@code onFenced} is called once and writing stops.
 * Failed writes (Hazelcast unavailable) are retried every second.
 *
 * <p>At most {@link #DEFAULT_MAX_IN_FLIGHT} keys are written at a time; the others wait their turn, in order.
 * So a burst of changes (a ResourceManager's 2000 ledger rows) is written as the writes complete, in small steps
 * between the owner's other work, instead of encoding and issuing every write in one turn of its event loop
 * while its messages wait.
 *
 * <p>Confined to the owning verticle's context.
 */
public final class WriteBehindMap<T> {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindMap.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** Keys written at a time by default. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;

    private final SharedMap<T> map;
    private final long epoch;
    private final Timers timers;
    private final Runnable onFenced;
    private final Map<String, Long> knownVersions = new HashMap<>();
    private final Map<String, Optional<T>> desired = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    /** Keys with a value to write that wait for a write to finish, oldest first. */
    private final Set<String> waiting = new LinkedHashSet<>();
    private final int maxInFlight;
    private boolean starting;
    private final List<Promise<Void>> idleWaiters = new ArrayList<>();
    private boolean fenced;

    /**
     * @param epoch this writer's epoch; entries written by a higher epoch are never overwritten
     * @param onFenced called once if a higher epoch owns the map now
     */
    public WriteBehindMap(SharedMap<T> map, long epoch, Timers timers, Runnable onFenced) {
        this(map, epoch, timers, onFenced, DEFAULT_MAX_IN_FLIGHT);
    }

    /**
     * @param maxInFlight how many keys are written at a time (at least 1)
     */
    public WriteBehindMap(SharedMap<T> map, long epoch, Timers timers, Runnable onFenced, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.map = map;
        this.epoch = epoch;
        this.timers = timers;
        this.onFenced = onFenced;
    }

    /** Adopts the versions read from the map at start-up, so the first writes are guarded properly. */
    public void seed(Map<String, Versioned<T>> current) {
        current.forEach((k, v) -> knownVersions.put(k, v.version()));
    }

    public void put(String key, T value) {
        enqueue(key, Optional.of(value));
    }

    public void remove(String key) {
        enqueue(key, Optional.empty());
    }

    /** Completes when every value set so far has been written (or writing stopped because of fencing). */
    public Future<Void> flushed() {
        if (isIdle()) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        idleWaiters.add(p);
        return p.future();
    }

    private void enqueue(String key, Optional<T> value) {
        if (fenced) {
            return;
        }
        desired.put(key, value);
        if (inFlight.contains(key) || waiting.contains(key)) {
            return;
        }
        if (inFlight.size() < maxInFlight) {
            inFlight.add(key);
            writeNext(key);
        } else {
            waiting.add(key);
        }
    }

    /** Writes the key's latest value, or, if there is none, lets the next waiting key take its turn. */
    private void writeNext(String key) {
        Optional<T> value = desired.remove(key);
        if (value == null || fenced) {
            inFlight.remove(key);
            startWaiting();
            notifyIfIdle();
            return;
        }
        long expected = knownVersions.getOrDefault(key, SharedMap.ABSENT);
        map.write(key, expected, epoch, value.orElse(null)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("Writing '{}' to shared map {} failed, retrying in {}: {}", key, map.name(), RETRY,
                        ar.cause().toString());
                desired.putIfAbsent(key, value);
                timers.schedule(RETRY, () -> writeNext(key));
                return;
            }
            WriteResult<T> result = ar.result();
            switch (result.outcome()) {
                case APPLIED -> {
                    if (result.current() == null) {
                        knownVersions.remove(key);
                    } else {
                        knownVersions.put(key, result.current().version());
                    }
                }
                case VERSION_MISMATCH -> {
                    LOG.debug("Key '{}' of {} changed under us (version {} expected); writing ours over it",
                            key, map.name(), expected);
                    knownVersions.put(key, result.current() == null ? SharedMap.ABSENT : result.current().version());
                    desired.putIfAbsent(key, value);
                }
                case FENCED -> {
                    if (!fenced) {
                        fenced = true;
                        LOG.error("Shared map {} is owned by a newer writer (epoch {} > ours {}); this instance stops "
                                + "writing", map.name(), result.current() == null ? "?" : result.current().fence(), epoch);
                        desired.clear();
                        onFenced.run();
                    }
                }
                default -> throw new IllegalStateException();
            }
            writeNext(key);
        });
    }

    /**
     * Starts waiting keys while there is room. A loop that is not entered again from a write completing at once,
     * so a long queue never deepens the stack.
     */
    private void startWaiting() {
        if (starting) {
            return;
        }
        starting = true;
        try {
            while (inFlight.size() < maxInFlight && !waiting.isEmpty()) {
                String next = waiting.iterator().next();
                waiting.remove(next);
                if (!fenced && desired.containsKey(next)) {
                    inFlight.add(next);
                    writeNext(next);
                }
            }
            if (fenced) {
                waiting.clear();
            }
        } finally {
            starting = false;
        }
    }

    private boolean isIdle() {
        return fenced || (desired.isEmpty() && inFlight.isEmpty());
    }

    private void notifyIfIdle() {
        if (isIdle() && !idleWaiters.isEmpty()) {
            List<Promise<Void>> waiters = new ArrayList<>(idleWaiters);
            idleWaiters.clear();
            waiters.forEach(Promise::complete);
        }
    }
}
