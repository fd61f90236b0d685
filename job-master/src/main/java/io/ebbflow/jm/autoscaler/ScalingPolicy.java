package io.ebbflow.jm.autoscaler;

import static io.ebbflow.jm.autoscaler.DecisionWords.figures;
import static io.ebbflow.jm.autoscaler.DecisionWords.percent;
import static io.ebbflow.jm.autoscaler.DecisionWords.rate;
import static io.ebbflow.jm.autoscaler.DecisionWords.seconds;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The seed's RescalingPolicy: from a window of the job's metrics, how many subtasks each vertex needs. Pure: time
 * is passed in, the result is a value ({@link ScalingDecision}) that the caller applies, and {@link #applied} tells
 * the policy what was done.
 *
 * <p>Per vertex, in topological order (the model of DS2 and of the Flink operator's autoscaler):
 * <ul>
 * <li>its <b>true processing rate</b> is what it would read if always busy: records in per second divided by the
 *     busiest subtask's busy share ({@code numRecordsInPerSecond / (busyTimeMsPerSecond / 1000)});</li>
 * <li>its <b>target rate</b>: for a source, its input rate plus the growth of its backlog ({@code pendingRecords}),
 *     over the window, over its last quarter or at its newest sample, whichever is larger (a rise counts at once, a
 *     fall only once the whole window saw it);
 *     for another vertex, its inputs' target rates times their output/input ratio; plus the <b>catch-up rate</b>,
 *     the sources' backlog over {@code catch-up.duration}, carried down the same way;</li>
 * <li>it is <b>outside its band</b> when the target would keep it busier than target utilization + boundary, or
 *     less busy than target utilization - boundary; only such a vertex changes, to
 *     {@code ceil(p x max(target / aim, (target + catchUp) / (utilization + boundary)) / trueProcessingRate)}: the
 *     target read at most halfway from the target utilization to the band's upper edge
 *     ({@code aim = utilization + boundary / 2}), the catch-up on top within the band; capped per step by the max
 *     factors,
 *     kept within its min and max parallelism (a source within its splits), and aligned: a vertex with a keyed
 *     input to a divisor of its key groups, a source to a divisor of its splits, when one is within reach.</li>
 * </ul>
 * Scale-ups happen at once, unless a source's newest sample of records in per second is more than 10% above the
 * one before it: then the input may have stepped up within that sample's interval (the sample averages the old
 * level and the new one), and the scale-up waits one sample, once, to be sized from the new level in one step. A
 * steady rise (a line explains 90% of the window's spread and the newest sample still rises) is sized so that the
 * input it leads to over {@code scale-down.interval} stays inside the band: one step instead of one now and another
 * as the rise goes on. A scale-down waits until every decision for {@code scale-down.interval} asked for one,
 * and goes to the largest parallelism asked for by the asks whose window lay wholly within the asking (earlier ones
 * may still have seen the load before it fell), or sooner with a scale-up of another vertex (the job rescales
 * anyway). Scale-downs that would free no slot (another vertex of their slot-sharing group keeps its subtasks) wait,
 * still asked for, and go with the next rescale that does. It is held while the sources' input rises (its trend over
 * the window, beyond the samples' noise, would add 5% or more to the vertex's target over another delay), so none
 * happens on the way up from a trough; none happens while a source is catching up a backlog (its backlog takes
 * longer than {@code backlog-processing.lag-threshold} to read). A vertex scaled up for a backlog (with a catch-up
 * rate) goes back to its parallelism from before at once, without the delay and without waiting for a full window
 * ({@link #decideReturns}), when the backlog is read (under a second of input), the input does not rise and the old
 * parallelism reads the target of late (the window's last quarter: the whole window still holds the spike and the
 * catch-up), and the vertex's own input of late (it may still be reading what was buffered in front of it), inside
 * the band, at the lower of one subtask's capacity before the scale-up and one
 * subtask's capacity now at the subtasks' mean busy time (the busiest's carries the skew of the higher parallelism,
 * which the old one does not have): the catch-up is over (unless a scale-down of it had to be undone before: then it
 * waits the memory's longer delay). The memory of recent decisions damps oscillation: each time a vertex had to be
 * scaled up again after a scale-down, its scale-down delay doubles (at most 4 times).
 */
public final class ScalingPolicy {

    private static final double EPSILON = 1e-9;
    private static final int MAX_DELAY_FACTOR = 4;
    /** A scale-down is held while the input's trend would add this share of the target over the scale-down delay. */
    private static final double RISE_THAT_HOLDS = 0.05;
    /** A source's newest sample this share above the one before it is a jump: a scale-up waits one sample. */
    private static final double JUMP = 0.10;

    /** What the policy concluded for a vertex. */
    public enum Verdict {
        /** Inside its utilization band, or no better parallelism within its limits. */
        KEEP,
        UP,
        DOWN,
        /** A scale-up is asked for, but the input's newest sample jumped: it waits for the next sample. */
        UP_WAITING,
        /** A scale-down is asked for, but not for long enough yet, or it would free no slot alone. */
        DOWN_DELAYED,
        /** A scale-down is asked for, but a source is catching up a backlog. */
        DOWN_BLOCKED,
        /** The program fixed its parallelism. */
        FIXED,
        /** No metrics of it in the window. */
        NO_METRICS
    }

    /** One vertex's decision, with the figures it was made from in words. */
    public record VertexDecision(String id, String name, int current, int next, Verdict verdict, String explanation) {
    }

    /** A decision made earlier, remembered. */
    private record Applied(long time, int from, int to) {
    }

    /** A vertex scaled up for a backlog: its parallelism before, and what one of its subtasks read then. */
    private record BacklogUp(int parallelism, double capacityPerSubtask) {
    }

    /** A scale-down asked for since {@code since}, and each ask meanwhile. */
    private static final class PendingDown {
        final long since;
        private final List<long[]> asks = new ArrayList<>(); // time, parallelism asked for

        PendingDown(long since) {
            this.since = since;
        }

        void ask(long now, int parallelism) {
            asks.add(new long[] {now, parallelism});
        }

        /**
         * The largest parallelism asked for by the asks whose whole window lay within the asking (made a window or
         * more after the first ask): earlier ones may still have seen the load from before it fell. All asks when
         * none is that late.
         */
        int largest(AutoscalerSettings settings) {
            long window = settings.window().toMillis();
            boolean late = settings.passed(since, asks.get(asks.size() - 1)[0], window);
            return (int) asks.stream().filter(a -> !late || settings.passed(since, a[0], window)).mapToLong(a -> a[1])
                    .max().orElseThrow();
        }
    }

    private final AutoscalerSettings settings;
    private final Map<String, PendingDown> pendingDowns = new HashMap<>();
    private final Map<String, Deque<Applied>> history = new HashMap<>();
    /**
     * Per vertex whose scale-up asked for by the latest decision was for a backlog (a catch-up rate): its capacity
     * per subtask then.
     */
    private final Map<String, Double> upsForBacklog = new HashMap<>();
    /** Per vertex scaled up for a backlog: its parallelism before, to return to at once when the backlog is read. */
    private final Map<String, BacklogUp> beforeBacklog = new HashMap<>();
    /** The latest decision's scale-up waited for the next sample: this one does not wait again. */
    private boolean waitedForTheLevel;

    public ScalingPolicy(AutoscalerSettings settings) {
        this.settings = settings;
    }

    /** Decides each vertex's parallelism from the window's rates. */
    ScalingDecision decide(long now, JobTopology topology, Map<String, MetricWindow.Rates> rates) {
        forgetOld(now);
        boolean catchingUp = Demand.catchingUp(topology, rates, settings);
        Map<String, Demand> demand = Demand.of(topology, rates, settings);
        List<VertexDecision> out = new ArrayList<>();
        Map<String, Integer> changes = new LinkedHashMap<>();
        for (JobTopology.Vertex v : topology.vertices()) {
            VertexDecision d = decideVertex(now, v, rates.get(v.id()), demand.get(v.id()), catchingUp);
            out.add(d);
            if ((d.verdict() == Verdict.UP || d.verdict() == Verdict.DOWN) && d.next() != d.current()) {
                changes.put(v.id(), d.next());
            }
        }
        boolean scalesUp = out.stream().anyMatch(d -> d.verdict() == Verdict.UP && d.next() > d.current());
        String jump = scalesUp && !waitedForTheLevel ? jump(topology, rates) : null;
        waitedForTheLevel = jump != null;
        if (jump != null) {
            waitForTheLevel(jump, out, changes);
        } else if (scalesUp) {
            withTheScaleUp(now, out, changes);
        } else if (!changes.isEmpty()) {
            holdUnlessASlotIsFreed(topology, out, changes);
        }
        return new ScalingDecision(now, out, changes, catchingUp);
    }

    /**
     * A source whose newest sample of records in per second is well above the one before it, in words ("Source
     * from 400/s to 1.0 k/s"), or null: its input may have stepped up within the newest sample's interval, so that
     * the sample is an average of the old level and the new one, and a scale-up sized from it would need a second.
     */
    private static String jump(JobTopology topology, Map<String, MetricWindow.Rates> rates) {
        for (JobTopology.Vertex v : topology.vertices()) {
            MetricWindow.Rates r = rates.get(v.id());
            if ((v.source() || v.inputs().isEmpty()) && r != null
                    && r.newestInRate() > r.previousInRate() * (1 + JUMP) && r.newestInRate() - r.previousInRate() > 1) {
                return v.name() + " from " + rate(r.previousInRate()) + "/s to " + rate(r.newestInRate()) + "/s";
            }
        }
        return null;
    }

    /** The scale-up waits one sample to size itself from the new level; every scale-down waits to go with it. */
    private static void waitForTheLevel(String jump, List<VertexDecision> out, Map<String, Integer> changes) {
        holdEvery(out, changes, d -> d.next() > d.current() ? Verdict.UP_WAITING : Verdict.DOWN_DELAYED,
                d -> "; waits for the next sample: the input of " + jump + " in the newest, a level perhaps still"
                        + " changing");
    }

    /**
     * Scale-downs alone that free no slot (another vertex of the slot-sharing group keeps the slots) wait, asked for
     * still, to go with the next rescale: a rescale costs a restart and would start every other vertex's scale-down
     * delay over.
     */
    private static void holdUnlessASlotIsFreed(JobTopology topology, List<VertexDecision> out,
            Map<String, Integer> changes) {
        int slots = topology.slots(Map.of());
        if (topology.slots(changes) < slots) {
            return;
        }
        holdEvery(out, changes, d -> Verdict.DOWN_DELAYED,
                d -> ", held: it would free no slot, the job keeps " + slots + " for its other vertices");
    }

    /** Every vertex that would change stays as it is, its verdict and the reason said; the job does not rescale. */
    private static void holdEvery(List<VertexDecision> out, Map<String, Integer> changes,
            Function<VertexDecision, Verdict> verdict, Function<VertexDecision, String> reason) {
        for (int i = 0; i < out.size(); i++) {
            VertexDecision d = out.get(i);
            if (changes.containsKey(d.id())) {
                out.set(i, new VertexDecision(d.id(), d.name(), d.current(), d.current(), verdict.apply(d),
                        figuresOf(d) + ": " + d.current() + " (" + d.next() + " asked for" + reason.apply(d) + ")"));
            }
        }
        changes.clear();
    }

    /** A decision's explanation without its verdict: the vertex's figures. */
    private static String figuresOf(VertexDecision d) {
        int end = d.explanation().lastIndexOf(": " + d.current() + " ");
        return end < 0 ? d.explanation() : d.explanation().substring(0, end);
    }

    /**
     * The job rescales anyway: every scale-down still waiting for its delay goes with it, to the largest parallelism
     * asked for meanwhile, instead of costing a rescale of its own later.
     */
    private void withTheScaleUp(long now, List<VertexDecision> out, Map<String, Integer> changes) {
        for (int i = 0; i < out.size(); i++) {
            VertexDecision d = out.get(i);
            PendingDown pending = pendingDowns.get(d.id());
            int largest = pending == null ? d.current() : pending.largest(settings);
            if (d.verdict() == Verdict.DOWN_DELAYED && largest < d.current()) {
                out.set(i, new VertexDecision(d.id(), d.name(), d.current(), largest, Verdict.DOWN, figuresOf(d) + ": "
                        + d.current() + " -> " + largest + " (asked for " + seconds(now - pending.since)
                        + ", now with the scale-up of another vertex)"));
                changes.put(d.id(), largest);
            }
        }
    }

    /** The decision was carried out: remembered per vertex, and every pending scale-down starts over. */
    void applied(ScalingDecision decision, long now) {
        for (VertexDecision d : decision.vertices()) {
            if (decision.changes().containsKey(d.id())) {
                Deque<Applied> h = history.computeIfAbsent(d.id(), k -> new ArrayDeque<>());
                h.addLast(new Applied(now, d.current(), d.next()));
                while (h.size() > settings.historyMaxCount()) {
                    h.removeFirst();
                }
                Double capacity = upsForBacklog.get(d.id());
                if (d.next() > d.current() && capacity != null) {
                    beforeBacklog.putIfAbsent(d.id(), new BacklogUp(d.current(), capacity));
                } else {
                    beforeBacklog.remove(d.id());
                }
            }
        }
        pendingDowns.clear();
        upsForBacklog.clear();
    }

    /** How long a scale-down of the vertex must be asked for: longer after each scale-down that was undone. */
    long scaleDownDelayMillis(String vertexId) {
        int reversals = 0;
        Applied previous = null;
        for (Applied a : history.getOrDefault(vertexId, new ArrayDeque<>())) {
            if (previous != null && previous.to() < previous.from() && a.to() > a.from()) {
                reversals++;
            }
            previous = a;
        }
        return settings.scaleDownInterval().toMillis() * Math.min(MAX_DELAY_FACTOR, 1L << Math.min(reversals, 2));
    }

    private VertexDecision decideVertex(long now, JobTopology.Vertex v, MetricWindow.Rates r, Demand demand,
            boolean catchingUp) {
        int p = v.parallelism();
        if (v.fixed()) {
            return new VertexDecision(v.id(), v.name(), p, p, Verdict.FIXED, v.name() + ": parallelism fixed by the job");
        }
        if (r == null || demand == null) {
            pendingDowns.remove(v.id());
            return new VertexDecision(v.id(), v.name(), p, p, Verdict.NO_METRICS, v.name() + ": no metrics yet");
        }
        double target = demand.target();
        double catchUp = demand.catchUp();
        double tpr = trueProcessingRate(r);
        double u = settings.targetUtilization();
        double upper = catchingUp ? 1.0 : u + settings.boundary();
        double lower = catchingUp ? 0.0 : u - settings.boundary();
        boolean wantsUp = tpr < required(catchUp, target, upper);
        boolean wantsDown = lower > EPSILON && tpr > required(catchUp, target, lower);
        String figures = figures(v, r, tpr, target, catchUp);
        if (!wantsUp && !wantsDown) {
            pendingDowns.remove(v.id());
            return new VertexDecision(v.id(), v.name(), p, p, Verdict.KEEP, figures + ": " + p + ", inside the band "
                    + percent(Math.max(0, lower)) + "-" + percent(upper));
        }
        // Sized to read its target at most halfway from the target utilization to the band's upper edge (rounding
        // up to the target itself could cost a whole subtask for a few percent), and target plus catch-up within
        // the band: the catch-up lasts until the backlog is read.
        double withCatchUp = (catchUp + target) / (u + settings.boundary());
        int next = size(v, p, tpr, Math.max(required(0, target, aim()), withCatchUp));
        if (next > p) {
            pendingDowns.remove(v.id());
            if (catchUp > EPSILON) {
                upsForBacklog.put(v.id(), tpr / p);
            } else {
                upsForBacklog.remove(v.id());
            }
            // A steady rise must stay inside the band for the scale-down delay, the least time the new parallelism is
            // kept: one step instead of one now and another as the rise goes on.
            long horizon = settings.scaleDownInterval().toMillis();
            double later = demand.targetIn(horizon / 1000.0);
            int ahead = size(v, p, tpr, Math.max(required(0, later, u + settings.boundary()), withCatchUp));
            String why = ahead <= next ? "" : " (rising steadily: " + rate(later) + "/s in " + seconds(horizon) + ")";
            next = Math.max(next, ahead);
            return new VertexDecision(v.id(), v.name(), p, next, Verdict.UP, figures + ": " + p + " -> " + next + why);
        }
        if (next == p) {
            pendingDowns.remove(v.id());
            return new VertexDecision(v.id(), v.name(), p, p, Verdict.KEEP, figures + ": " + p
                    + ", no other parallelism within its limits");
        }
        if (catchingUp) {
            pendingDowns.remove(v.id());
            return new VertexDecision(v.id(), v.name(), p, p, Verdict.DOWN_BLOCKED, figures + ": " + p + " (" + next
                    + " would do, but a source is catching up a backlog)");
        }
        long delay = scaleDownDelayMillis(v.id());
        boolean rising = rises(demand, delay);
        int back = backFromBacklog(v, r, demand, tpr, delay, rising);
        if (back > 0) {
            pendingDowns.remove(v.id());
            return new VertexDecision(v.id(), v.name(), p, back, Verdict.DOWN, figures + ": " + p + " -> " + back
                    + " (back to before its scale-up for a backlog, now read)");
        }
        PendingDown pending = pendingDowns.computeIfAbsent(v.id(), k -> new PendingDown(now));
        pending.ask(now, next);
        int largest = pending.largest(settings);
        String asked = figures + ": " + p + " (" + largest + " asked for since " + seconds(now - pending.since);
        if (!settings.passed(pending.since, now, delay)) {
            return new VertexDecision(v.id(), v.name(), p, p, Verdict.DOWN_DELAYED, asked + " of the " + seconds(delay)
                    + " scale-down delay)");
        }
        if (rising) {
            return new VertexDecision(v.id(), v.name(), p, p, Verdict.DOWN_DELAYED, asked + ", held: the input rises, "
                    + rate(riseOver(demand, delay)) + "/s more over another " + seconds(delay) + " at the window's trend)");
        }
        return new VertexDecision(v.id(), v.name(), p, largest, Verdict.DOWN, figures + ": " + p + " -> "
                + largest + " (asked for " + seconds(now - pending.since) + ")");
    }

    /**
     * The parallelism from before the vertex's scale-up for a backlog, to go back to at once, or 0. Only when the
     * backlog is read (under a second of input), the input does not rise, no scale-down of the vertex had to be
     * undone before (then the memory's longer delay applies), and the old parallelism holds the input of late inside
     * the band (not at the aim, which a lower capacity read since may put out of reach although the band is not). One old
     * subtask's capacity is the lower of what one read before the scale-up (with the skew it had at the old
     * parallelism) and what one reads now at the subtasks' mean busy time (the machine's speed now, without the skew
     * of the higher parallelism, which the busiest subtask's busy time carries: at 6 subtasks of 60 key groups over
     * 64 keys the busiest reads a third more than the mean).
     */
    private int backFromBacklog(JobTopology.Vertex v, MetricWindow.Rates r, Demand demand, double tpr, long delay,
            boolean rising) {
        BacklogUp before = beforeBacklog.get(v.id());
        int p = v.parallelism();
        if (before == null || before.parallelism() >= p) {
            return 0;
        }
        double target = demand.target();
        boolean backlogRead = demand.catchUp() * settings.catchUp().toMillis() / 1000.0 <= target;
        boolean neverUndone = delay == settings.scaleDownInterval().toMillis();
        double unskewed = r.meanLoad() > EPSILON && r.inRate() > EPSILON ? r.inRate() / r.meanLoad() / p : tpr / p;
        double perSubtask = Math.min(before.capacityPerSubtask(), unskewed);
        // The target of late, not the window's: once the backlog is read the window still holds the spike and its
        // catch-up for up to its length, and a rise since would show in the target of late. What the vertex reads
        // itself of late counts too: records buffered in front of it are still to be read, and while a catch-up is
        // in the window the target can read as nothing (the backlog fell faster than the source read).
        double reads = Math.max(demand.recent(), Math.max(r.recentInRate(), r.newestInRate()));
        boolean holds = perSubtask * before.parallelism()
                >= required(0, reads, settings.targetUtilization() + settings.boundary());
        return backlogRead && neverUndone && !rising && holds ? before.parallelism() : 0;
    }

    /**
     * Before the window is full: only the returns from scale-ups for a backlog, as soon as the backlog is read (the
     * rest waits for the full window). Empty when there is none; the policy remembers nothing of it.
     */
    Optional<ScalingDecision> decideReturns(long now, JobTopology topology, Map<String, MetricWindow.Rates> rates) {
        if (beforeBacklog.isEmpty() || Demand.catchingUp(topology, rates, settings)) {
            return Optional.empty();
        }
        Map<String, Demand> demand = Demand.of(topology, rates, settings);
        List<VertexDecision> out = new ArrayList<>();
        Map<String, Integer> changes = new LinkedHashMap<>();
        for (JobTopology.Vertex v : topology.vertices()) {
            MetricWindow.Rates r = rates.get(v.id());
            Demand d = demand.get(v.id());
            int p = v.parallelism();
            double tpr = r == null ? 0 : trueProcessingRate(r);
            long delay = scaleDownDelayMillis(v.id());
            int back = r == null || d == null || v.fixed() ? 0 : backFromBacklog(v, r, d, tpr, delay, rises(d, delay));
            if (back > 0) {
                out.add(new VertexDecision(v.id(), v.name(), p, back, Verdict.DOWN, figures(v, r, tpr, d.target(),
                        d.catchUp()) + ": " + p + " -> " + back
                        + " (back to before its scale-up for a backlog, read before the window is full)"));
                changes.put(v.id(), back);
            } else {
                out.add(new VertexDecision(v.id(), v.name(), p, p, Verdict.KEEP, v.name() + ": " + p
                        + " (collecting a full window of metrics)"));
            }
        }
        if (changes.isEmpty() || topology.slots(changes) >= topology.slots(Map.of())) {
            return Optional.empty();
        }
        return Optional.of(new ScalingDecision(now, out, changes, false));
    }

    /** What the vertex would read if always busy: records in per second over its busiest subtask's busy share. */
    private static double trueProcessingRate(MetricWindow.Rates r) {
        return r.load() > EPSILON && r.inRate() > EPSILON ? r.inRate() / r.load() : Double.POSITIVE_INFINITY;
    }

    /** How much the sources' input trend adds to the vertex's target over {@code delayMillis}. */
    private static double riseOver(Demand demand, long delayMillis) {
        return demand.rising() * delayMillis / 1000.0;
    }

    /** Whether the input rises: its trend would add {@link #RISE_THAT_HOLDS} of the target or more over the delay. */
    private static boolean rises(Demand demand, long delayMillis) {
        double rise = riseOver(demand, delayMillis);
        return rise > EPSILON && rise >= RISE_THAT_HOLDS * demand.target();
    }

    /** The utilization a vertex is sized for: halfway from the target utilization to the band's upper edge. */
    private double aim() {
        return settings.targetUtilization() + settings.boundary() / 2;
    }

    /** The rate the vertex must be able to read so that reading its target keeps it busy {@code utilization}. */
    private static double required(double catchUp, double target, double utilization) {
        return utilization <= EPSILON ? Double.POSITIVE_INFINITY : catchUp + target / utilization;
    }

    /** The new parallelism: scaled to the required rate, capped per step, within limits, aligned. */
    private int size(JobTopology.Vertex v, int p, double tpr, double required) {
        double factor = Double.isInfinite(tpr) ? 0 : required / tpr;
        factor = Math.max(1 - settings.scaleDownMaxFactor(), Math.min(1 + settings.scaleUpMaxFactor(), factor));
        int raw = (int) Math.min(Integer.MAX_VALUE, Math.ceil(factor * p - EPSILON));
        int hi = Math.min(v.maxParallelism(), settings.maxParallelism());
        if (v.source() && v.splits() > 0) {
            hi = Math.min(hi, v.splits());
        }
        hi = Math.max(1, hi);
        int lo = Math.min(settings.minParallelism(), hi);
        int next = Math.max(lo, Math.min(hi, Math.max(1, raw)));
        return align(v, p, next, hi);
    }

    /**
     * A parallelism that divides the vertex's key groups (or a source's splits) evenly, from {@code next} up to its
     * upper limit (for a scale-down, up to below the current one); {@code next} itself if there is none.
     */
    private static int align(JobTopology.Vertex v, int p, int next, int hi) {
        int units = v.source() && v.splits() > 0 ? v.splits() : v.keyedInput() ? v.maxParallelism() : 0;
        if (units <= 0 || next == p) {
            return next;
        }
        int limit = next < p ? p - 1 : hi;
        for (int q = next; q <= limit; q++) {
            if (units % q == 0) {
                return q;
            }
        }
        return next;
    }

    private void forgetOld(long now) {
        long oldest = now - settings.historyMaxAge().toMillis();
        history.values().forEach(h -> h.removeIf(a -> a.time() < oldest));
    }
}
