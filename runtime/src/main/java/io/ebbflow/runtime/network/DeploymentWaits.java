package io.ebbflow.runtime.network;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Subscriptions that name a job not deployed on this TaskExecutor yet: a consumer deployed elsewhere may subscribe
 * before this TaskExecutor got its own part of the same deployment. Each waits until the job is deployed here
 * ({@link #deployed}) or {@code timeoutMillis} passed, whichever comes first, and is then checked (and refused if
 * the job's secret is still unknown). At most {@link #MAX_WAITING} wait at once; more are checked at once.
 *
 * <p>Thread-safe: subscriptions arrive on connection event loops, deployments on the TaskExecutor's.
 */
final class DeploymentWaits {

    /** At most this many subscriptions wait for their job's deployment at once; more are refused at once. */
    static final int MAX_WAITING = 4096;

    /** A subscription waiting, checked when its job arrives or when it times out. */
    private record Waiting(Runnable check, long timerId) {
    }

    private final Vertx vertx;
    private final long timeoutMillis;
    private final Predicate<String> isDeployed;
    private final Map<String, List<Waiting>> waiting = new HashMap<>();
    private int count;

    DeploymentWaits(Vertx vertx, long timeoutMillis, Predicate<String> isDeployed) {
        this.vertx = vertx;
        this.timeoutMillis = timeoutMillis;
        this.isDeployed = isDeployed;
    }

    /** Runs {@code check} once the job is deployed here: at once if it is, or if too many wait already. */
    void after(String jobId, Runnable check) {
        synchronized (waiting) {
            if (!isDeployed.test(jobId) && count < MAX_WAITING) {
                count++;
                Runnable counted = () -> {
                    synchronized (waiting) {
                        count--;
                    }
                    check.run();
                };
                long timer = vertx.setTimer(timeoutMillis, id -> expire(jobId, counted));
                waiting.computeIfAbsent(jobId, k -> new ArrayList<>()).add(new Waiting(counted, timer));
                return;
            }
        }
        check.run();
    }

    /** The job is deployed here now: every subscription waiting for it is checked. */
    void deployed(String jobId) {
        List<Waiting> ready;
        synchronized (waiting) {
            ready = waiting.remove(jobId);
        }
        if (ready != null) {
            ready.forEach(w -> {
                vertx.cancelTimer(w.timerId());
                w.check().run();
            });
        }
    }

    /** How many subscriptions wait for the job. */
    int waiting(String jobId) {
        synchronized (waiting) {
            return waiting.getOrDefault(jobId, List.of()).size();
        }
    }

    private void expire(String jobId, Runnable check) {
        boolean expired;
        synchronized (waiting) {
            List<Waiting> list = waiting.get(jobId);
            expired = list != null && list.removeIf(w -> w.check() == check);
            if (expired && list.isEmpty()) {
                waiting.remove(jobId);
            }
        }
        if (expired) {
            check.run();
        }
    }
}
