package io.ebbflow.runtime.state;

import java.util.HashSet;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Event-time and processing-time timers of one keyed operator subtask, per key and namespace: at most
 * one timer per (time, key, namespace). Event-time timers fire, in time order, when the watermark
 * reaches them; processing-time timers when the clock does. Each timer remembers its key group.
 *
 * <p>Used by the subtask's thread only.
 */
public final class InternalTimers {

    /** A registered timer. */
    public record Timer(long timestamp, Object key, int keyGroup, Object namespace) {
    }

    private record Entry(Timer timer, long seq) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(timer.timestamp(), o.timer.timestamp());
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Entry> eventQueue = new PriorityQueue<>();
    private final PriorityQueue<Entry> processingQueue = new PriorityQueue<>();
    private final Set<Timer> eventTimers = new HashSet<>();
    private final Set<Timer> processingTimers = new HashSet<>();
    private long seq;
    private long currentWatermark = Long.MIN_VALUE;

    public long currentWatermark() {
        return currentWatermark;
    }

    public void registerEventTimeTimer(Timer t) {
        if (eventTimers.add(t)) {
            eventQueue.add(new Entry(t, seq++));
        }
    }

    public void deleteEventTimeTimer(Timer t) {
        eventTimers.remove(t);
    }

    /** @return true if this is now the earliest processing-time timer (the caller schedules a wake-up) */
    public boolean registerProcessingTimeTimer(Timer t) {
        if (processingTimers.add(t)) {
            processingQueue.add(new Entry(t, seq++));
            return processingQueue.peek().timer() == t;
        }
        return false;
    }

    public void deleteProcessingTimeTimer(Timer t) {
        processingTimers.remove(t);
    }

    /** Advances event time and fires every timer at or before the watermark, in order. */
    public void advanceWatermark(long watermark, Consumer<Timer> fire) {
        currentWatermark = Math.max(currentWatermark, watermark);
        while (!eventQueue.isEmpty() && eventQueue.peek().timer().timestamp() <= watermark) {
            Timer t = eventQueue.poll().timer();
            if (eventTimers.remove(t)) {
                fire.accept(t);
            }
        }
    }

    /** Fires every processing-time timer at or before {@code now}, in order. */
    public void advanceProcessingTime(long now, Consumer<Timer> fire) {
        while (!processingQueue.isEmpty() && processingQueue.peek().timer().timestamp() <= now) {
            Timer t = processingQueue.poll().timer();
            if (processingTimers.remove(t)) {
                fire.accept(t);
            }
        }
    }

    /** The earliest pending processing-time timer. */
    public OptionalLong nextProcessingTime() {
        while (!processingQueue.isEmpty() && !processingTimers.contains(processingQueue.peek().timer())) {
            processingQueue.poll();
        }
        return processingQueue.isEmpty() ? OptionalLong.empty() : OptionalLong.of(processingQueue.peek().timer().timestamp());
    }

    public int numProcessingTimeTimers() {
        return processingTimers.size();
    }

    /** Every pending timer (for snapshots). */
    public Set<Timer> eventTimeTimers() {
        return eventTimers;
    }

    public Set<Timer> processingTimeTimers() {
        return processingTimers;
    }
}
