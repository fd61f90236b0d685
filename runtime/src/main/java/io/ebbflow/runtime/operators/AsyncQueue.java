package io.ebbflow.runtime.operators;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The elements an async operator has taken and not yet emitted: records whose call is in flight or complete,
 * and watermarks. Ordered, it emits in input order (a complete record waits for those before it). Unordered,
 * the queue is cut into segments by its watermarks: a record's results are emitted as soon as it completes
 * if its segment is the first, else when the segments before it are done; a watermark is emitted once every
 * record before it was. Used by the operator's subtask thread only.
 */
final class AsyncQueue {

    /** One queued element: a record (with its results once complete) or a watermark. */
    static final class Entry {
        final Object value;
        final long timestamp;
        final boolean watermark;
        Collection<?> results;
        ProcessingTimeService.Registration timer;
        /** The operator's bookkeeping of the element's current call (with retries: of its latest attempt). */
        Object call;

        private Entry(Object value, long timestamp, boolean watermark) {
            this.value = value;
            this.timestamp = timestamp;
            this.watermark = watermark;
        }

        boolean done() {
            return watermark || results != null;
        }
    }

    /** Records between two watermarks (unordered mode), and the watermark that ends them, if it came. */
    private static final class Segment {
        final LinkedHashSet<Entry> pending = new LinkedHashSet<>();
        final ArrayDeque<Entry> completed = new ArrayDeque<>();
        Entry watermark;
    }

    private final boolean ordered;
    /** Ordered mode: every element in input order. */
    private final ArrayDeque<Entry> elements = new ArrayDeque<>();
    /** Unordered mode: the segments, oldest first. */
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    /** The records not yet emitted, in input order (what a checkpoint keeps). */
    private final LinkedHashSet<Entry> records = new LinkedHashSet<>();
    private int size;

    AsyncQueue(boolean ordered) {
        this.ordered = ordered;
    }

    /** Records and watermarks queued. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Entry addRecord(Object value, long timestamp) {
        Entry e = new Entry(value, timestamp, false);
        records.add(e);
        size++;
        if (ordered) {
            elements.add(e);
        } else {
            openSegment().pending.add(e);
        }
        return e;
    }

    void addWatermark(long watermark) {
        Entry e = new Entry(null, watermark, true);
        size++;
        if (ordered) {
            elements.add(e);
        } else {
            openSegment().watermark = e;
        }
    }

    /** The newest segment if no watermark ended it yet, else a new one (unordered mode). */
    private Segment openSegment() {
        Segment last = segments.peekLast();
        if (last == null || last.watermark != null) {
            last = new Segment();
            segments.add(last);
        }
        return last;
    }

    /** Record {@code e} completed with {@code results}. */
    void complete(Entry e, Collection<?> results) {
        e.results = results;
        if (!ordered) {
            for (Segment s : segments) {
                if (s.pending.remove(e)) {
                    s.completed.add(e);
                    return;
                }
            }
        }
    }

    /** The records not yet emitted, in input order. */
    List<Entry> inFlight() {
        return new ArrayList<>(records);
    }

    /** Emits what may be emitted now, in order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void emitReady(Output output) {
        if (ordered) {
            while (!elements.isEmpty() && elements.peekFirst().done()) {
                emit(elements.pollFirst(), output);
            }
            return;
        }
        while (!segments.isEmpty()) {
            Segment first = segments.peekFirst();
            while (!first.completed.isEmpty()) {
                emit(first.completed.pollFirst(), output);
            }
            if (!first.pending.isEmpty() || first.watermark == null) {
                return;
            }
            segments.pollFirst();
            emit(first.watermark, output);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void emit(Entry e, Output output) {
        size--;
        if (e.watermark) {
            output.emitWatermark(e.timestamp);
            return;
        }
        records.remove(e);
        for (Object r : e.results) {
            output.collect(r, e.timestamp);
        }
    }
}
