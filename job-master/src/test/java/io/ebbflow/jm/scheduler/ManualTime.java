package io.ebbflow.jm.adaptive;

import io.ebbflow.core.time.Cancellable;
import java.time.Duration;
import java.util.PriorityQueue;

/** A manual clock with timers that fire only when the test advances time (in due order, never inline). */
final class ManualTime {

    private record Task(long due, long seq, Runnable action, boolean[] cancelled) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    long now() {
        return now;
    }

    Cancellable schedule(Duration delay, Runnable action) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + Math.max(0, delay.toMillis()), seq++, action, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs everything due now (including what that schedules for now). */
    void runDue() {
        advance(0);
    }

    /** Moves time forward, running every timer that comes due, in order. */
    void advance(long millis) {
        long target = now + millis;
        while (!queue.isEmpty() && queue.peek().due() <= target) {
            Task t = queue.poll();
            now = Math.max(now, t.due());
            if (!t.cancelled()[0]) {
                t.action().run();
            }
        }
        now = target;
    }
}
