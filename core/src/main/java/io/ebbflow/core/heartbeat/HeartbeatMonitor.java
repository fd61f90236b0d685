package io.ebbflow.core.heartbeat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tracks when each monitored peer was last heard from. Pure bookkeeping: the owner feeds it heartbeats
 * and failures with the current time and asks which peers timed out; it never reads a clock or sets a
 * timer itself. Not thread-safe: owned by one verticle.
 *
 * @param <K> peer identity
 */
public final class HeartbeatMonitor<K> {

    private final long timeoutMillis;
    private final int failureThreshold;
    private final Map<K, Target> targets = new HashMap<>();

    /**
     * @param timeout a peer not heard from for this long is expired ({@code heartbeat.timeout})
     * @param failureThreshold consecutive unreachable requests that make a peer lost, or -1 to disable
     *                         ({@code heartbeat.rpc-failure-threshold})
     */
    public HeartbeatMonitor(Duration timeout, int failureThreshold) {
        this.timeoutMillis = timeout.toMillis();
        this.failureThreshold = failureThreshold;
    }

    /** Starts monitoring a peer (or restarts its clock if monitored already). */
    public void monitor(K peer, long now) {
        targets.put(peer, new Target(now));
    }

    /** A heartbeat (request or reply) from the peer arrived. Unmonitored peers are ignored. */
    public void received(K peer, long now) {
        Target t = targets.get(peer);
        if (t != null) {
            t.lastSeen = Math.max(t.lastSeen, now);
            t.failures = 0;
        }
    }

    /**
     * A request to the peer went unanswered because the peer was unreachable.
     *
     * @return true if that makes {@code failureThreshold} in a row (the peer should be considered lost)
     */
    public boolean unreachable(K peer) {
        Target t = targets.get(peer);
        if (t == null || failureThreshold < 0) {
            return false;
        }
        t.failures++;
        return t.failures >= failureThreshold;
    }

    /** Stops monitoring a peer. */
    public void stop(K peer) {
        targets.remove(peer);
    }

    /** Removes and returns the peers not heard from within the timeout. */
    public List<K> expire(long now) {
        List<K> expired = new ArrayList<>();
        targets.entrySet().removeIf(e -> {
            if (now - e.getValue().lastSeen >= timeoutMillis) {
                expired.add(e.getKey());
                return true;
            }
            return false;
        });
        return expired;
    }

    public Optional<Long> lastSeen(K peer) {
        Target t = targets.get(peer);
        return t == null ? Optional.empty() : Optional.of(t.lastSeen);
    }

    public boolean isMonitored(K peer) {
        return targets.containsKey(peer);
    }

    public Set<K> peers() {
        return Collections.unmodifiableSet(targets.keySet());
    }

    private static final class Target {
        long lastSeen;
        int failures;

        Target(long now) {
            this.lastSeen = now;
        }
    }
}
