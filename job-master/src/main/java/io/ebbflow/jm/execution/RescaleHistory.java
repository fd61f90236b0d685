package io.ebbflow.jm.execution;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Every rescale and restart of the job: its cause, the parallelism before and after, the phases it went
 * through with their times, and how many records the sources read again. Rescales and failure restarts
 * are kept apart. An entry ends when every subtask of the new execution runs. Confined to the JobMaster's
 * event loop.
 */
public final class RescaleHistory {

    private static final int SIZE = 50;

    /** A phase: its name, when it began and ended (-1 while current). */
    public record Phase(String name, long start, long end) {
    }

    /**
     * One rescale or restart. {@code end} is -1 while it is in progress; {@code reprocessed} is -1 until the
     * new execution's restore point is known, and a lower bound when {@code unknownSources} > 0.
     */
    public record Entry(long id, boolean rescale, String cause, Map<String, Integer> before, Map<String, Integer> after,
            long start, long end, List<Phase> phases, long reprocessed, int unknownSources) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long next = 1;
    // The entry in progress, kept in pieces.
    private Entry open;
    private final List<Phase> phases = new ArrayList<>();
    private long reprocessed = -1;
    private int unknownSources;
    private Map<String, Integer> after = Map.of();
    // The autoscaler's latest decision, not yet acted on by a rescale.
    private String decision;

    /**
     * A rescale or restart begins. {@code since}, when earlier than {@code now}, is when the rescale became
     * due and its checkpoint was triggered: that time shows as the phase {@code checkpoint}.
     */
    public void begin(boolean rescale, String cause, Map<String, Integer> before, long since, long now) {
        if (open != null) {
            close(now);
        }
        if (rescale && decision != null) {
            cause = "autoscaler: " + decision + " (" + cause + ")";
            decision = null;
        }
        long start = Math.min(since, now);
        open = new Entry(next++, rescale, cause, Map.copyOf(before), Map.of(), start, -1, List.of(), -1, 0);
        if (start < now) {
            phases.add(new Phase("checkpoint", start, now));
        }
        phases.add(new Phase(rescale ? "cancel" : "cancel + backoff", now, -1));
    }

    /**
     * The autoscaler changed the job's requirements for this reason: the next rescale gives it as its cause (the
     * rescale may wait for slots, and takes the latest decision when it comes).
     */
    public void decided(String explanation) {
        this.decision = explanation;
    }

    /** The one in progress entered another phase (nothing when none is in progress, or it is the same). */
    public void phase(String name, long now) {
        if (open == null) {
            return;
        }
        if (!phases.isEmpty() && phases.get(phases.size() - 1).name().equals(name)) {
            return;
        }
        endCurrentPhase(now);
        phases.add(new Phase(name, now, -1));
    }

    /** The new execution was deployed with this parallelism; its subtasks are starting. */
    public void deployed(Map<String, Integer> parallelism, long now) {
        if (open != null) {
            after = Map.copyOf(parallelism);
            phase("deploy", now);
        }
    }

    /** How many records the sources read again (a lower bound when some sources could not tell). */
    public void reprocessed(long records, int unknownSources) {
        if (open != null) {
            this.reprocessed = records;
            this.unknownSources = unknownSources;
        }
    }

    /** Every subtask of the new execution runs (or the job ended): the entry in progress ends. */
    public void end(long now) {
        if (open != null) {
            close(now);
        }
    }

    private void endCurrentPhase(long now) {
        Phase last = phases.isEmpty() ? null : phases.get(phases.size() - 1);
        if (last != null && last.end() < 0) {
            phases.set(phases.size() - 1, new Phase(last.name(), last.start(), now));
        }
    }

    private void close(long now) {
        endCurrentPhase(now);
        entries.addFirst(new Entry(open.id(), open.rescale(), open.cause(), open.before(), after, open.start(), now,
                List.copyOf(phases), reprocessed, unknownSources));
        while (entries.size() > SIZE) {
            entries.removeLast();
        }
        open = null;
        phases.clear();
        reprocessed = -1;
        unknownSources = 0;
        after = Map.of();
    }

    /** Whether a rescale or restart is in progress. */
    public boolean inProgress() {
        return open != null;
    }

    /** Newest first, the one in progress included. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (open != null) {
            out.add(new Entry(open.id(), open.rescale(), open.cause(), open.before(), after, open.start(), -1,
                    List.copyOf(phases), reprocessed, unknownSources));
        }
        out.addAll(entries);
        return out;
    }
}
