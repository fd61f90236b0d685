package io.ebbflow.jm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Every rescale and restart of the job: its cause, the parallelism before and after, when it began and
 * when the new execution was deployed. Rescales and failure restarts are kept apart. Confined to the
 * JobMaster's event loop.
 */
final class RescaleHistory {

    private static final int SIZE = 50;

    /** One rescale or restart. {@code end} is -1 while it is in progress. */
    record Entry(long id, boolean rescale, String cause, Map<String, Integer> before, Map<String, Integer> after,
            long start, long end) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long next = 1;
    private Entry open;

    void begin(boolean rescale, String cause, Map<String, Integer> before, long now) {
        if (open != null) {
            push(new Entry(open.id(), open.rescale(), open.cause(), open.before(), Map.of(), open.start(), now));
        }
        open = new Entry(next++, rescale, cause, Map.copyOf(before), Map.of(), now, -1);
    }

    void end(Map<String, Integer> after, long now) {
        if (open != null) {
            push(new Entry(open.id(), open.rescale(), open.cause(), open.before(), Map.copyOf(after), open.start(), now));
            open = null;
        }
    }

    private void push(Entry e) {
        entries.addFirst(e);
        while (entries.size() > SIZE) {
            entries.removeLast();
        }
    }

    /** Newest first, the one in progress included. */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (open != null) {
            out.add(open);
        }
        out.addAll(entries);
        return out;
    }
}
