package io.ebbflow.core.time;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A clock and timers that only move when the test says so. {@link #advance(Duration)} runs every action
 * that falls due, in due-time order, with the clock set to each action's due time; actions scheduled by
 * actions run too if they fall due within the advanced span.
 */
public final class ManualTime implements Clock, Timers {

    private long now;
    private long seq;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();

    public ManualTime() {
        this(1_000_000L);
    }

    public ManualTime(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        Handle h = new Handle();
        queue.add(new Scheduled(now + Math.max(0, delay.toMillis()), seq++, action, 0, h));
        return () -> h.cancelled = true;
    }

    @Override
    public Cancellable periodic(Duration period, Runnable action) {
        long p = Math.max(1, period.toMillis());
        Handle h = new Handle();
        queue.add(new Scheduled(now + p, seq++, action, p, h));
        return () -> h.cancelled = true;
    }

    /** Moves time forward, running what falls due. */
    public void advance(Duration d) {
        long target = now + d.toMillis();
        while (!queue.isEmpty() && queue.peek().due <= target) {
            Scheduled s = queue.poll();
            if (s.handle.cancelled) {
                continue;
            }
            now = Math.max(now, s.due);
            if (s.period > 0) {
                queue.add(new Scheduled(s.due + s.period, seq++, s.action, s.period, s.handle));
            }
            s.action.run();
        }
        now = target;
    }

    /** Moves time forward by {@code millis}, running what falls due. */
    public void advance(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** Runs whatever is due now (zero-delay actions). */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Number of armed, not cancelled actions. */
    public long pending() {
        return queue.stream().filter(s -> !s.handle.cancelled).count();
    }

    private static final class Handle {
        boolean cancelled;
    }

    private static final class Scheduled implements Comparable<Scheduled> {
        final long due;
        final long seq;
        final Runnable action;
        final long period;
        final Handle handle;

        Scheduled(long due, long seq, Runnable action, long period, Handle handle) {
            this.due = due;
            this.seq = seq;
            this.action = action;
            this.period = period;
            this.handle = handle;
        }

        @Override
        public int compareTo(Scheduled o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
