package io.ebbflow.jm.autoscaler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import java.util.function.LongToDoubleFunction;

/**
 * A job of two vertices, a source with 8 splits reading a queue and a keyed vertex doing the work, on manual time:
 * the queue receives records at the rate the test sets, the work vertex reads {@code capacity} records per second
 * per subtask, what it cannot read stays in the queue (the source's backlog) and back-pressures the source. Each
 * tick produces Flink's metrics for the {@link Autoscaler} and applies its decisions; a rescale stops the job for
 * one tick, while records keep arriving.
 */
final class SimulatedJob {

    static final String SOURCE = "source";
    static final String WORK = "work";

    /**
     * A rescale the autoscaler made; {@code lastBehind}: the last tick before it at which records were still waiting
     * (in the queue or in the buffers after the work read what it could), -1 if none.
     */
    record Rescale(long time, int from, int to, long backlog, String explanation, long lastBehind) {
    }

    private final Autoscaler autoscaler;
    private final double capacityPerSubtask;
    private final int keyGroups;
    private final long tickMillis;
    private int workParallelism;
    private long now;
    private double backlog;
    private boolean restarting;
    private final List<Rescale> rescales = new ArrayList<>();
    private final List<ScalingDecision> decisions = new ArrayList<>();
    private long maxBacklog;
    private long lastBehind = -1;
    private boolean straddling;
    private double previousSourceRate = -1;
    private double previousWorkRate = -1;
    private double bufferCapacity;
    private double buffered;
    private IntToDoubleFunction skew = p -> 1;
    private long nominal;
    private Random lateness;
    private long maxLateMillis;

    SimulatedJob(AutoscalerSettings settings, double capacityPerSubtask, int workParallelism) {
        this(settings, capacityPerSubtask, workParallelism, 128);
    }

    SimulatedJob(AutoscalerSettings settings, double capacityPerSubtask, int workParallelism, int keyGroups) {
        this.autoscaler = new Autoscaler(settings);
        this.capacityPerSubtask = capacityPerSubtask;
        this.keyGroups = keyGroups;
        this.tickMillis = settings.interval().toMillis();
        this.workParallelism = workParallelism;
    }

    /**
     * Reports each tick's rates as the mean of that tick's and the one before: a rate measured over an interval that
     * straddles the ticks, so the first sample after a step shows half of it (as a real job's meters can).
     */
    SimulatedJob straddling() {
        this.straddling = true;
        return this;
    }

    /**
     * The source reads ahead: it moves records from the queue into buffers of {@code records} in front of the work
     * vertex as fast as they arrive until the buffers are full, so its records in per second show the new load at
     * once and its backlog (the queue) only once the buffers are full, as the benchmark's source does.
     */
    SimulatedJob readingAhead(double records) {
        this.bufferCapacity = records;
        return this;
    }

    /**
     * The work vertex's keys spread unevenly: at parallelism p its busiest subtask gets {@code skew(p)} times the mean
     * share, reaches 100% busy first and so bounds what the vertex reads ({@code p x capacity / skew(p)}); its busy
     * time is the busiest's, and the mean over its subtasks is that over the skew.
     */
    SimulatedJob skewed(IntToDoubleFunction skew) {
        this.skew = skew;
        return this;
    }

    /**
     * Each tick fires up to {@code maxLateMillis} after its time (drawn from {@code seed}), as a timer on a busy event
     * loop does; the next is due at its own time (a periodic timer's lateness does not add up). What happened in a
     * tick is what happened since the one before, however long that was.
     */
    SimulatedJob late(long seed, long maxLateMillis) {
        this.lateness = new Random(seed);
        this.maxLateMillis = maxLateMillis;
        return this;
    }

    /** Runs until {@code until} (ms since the start) with the offered rate given per time. */
    SimulatedJob runUntil(long until, LongToDoubleFunction offeredRate) {
        while (nominal < until) {
            nominal += tickMillis;
            long at = nominal + (lateness == null ? 0 : (long) (lateness.nextDouble() * (maxLateMillis + 1)));
            double seconds = (at - now) / 1000.0;
            now = at;
            tick(seconds, offeredRate.applyAsDouble(now));
        }
        return this;
    }

    private void tick(double seconds, double offered) {
        double available = backlog + offered * seconds;
        if (restarting) {
            backlog = available;
            restarting = false;
            autoscaler.onTick(now, topology(), Map.of(), false);
            return;
        }
        double capacity = workParallelism * capacityPerSubtask / skew.applyAsDouble(workParallelism);
        double processed = Math.min(available + buffered, capacity * seconds);
        // The work reads the buffers (empty unless the source reads ahead) and the queue; the source refills the
        // buffers from the queue: what is left beyond them is the backlog.
        double remaining = available + buffered - processed;
        buffered = Math.min(bufferCapacity, remaining);
        backlog = remaining - buffered;
        maxBacklog = Math.max(maxBacklog, (long) backlog);
        if (backlog + buffered >= 1) {
            lastBehind = now;
        }
        double processedRate = processed / seconds;
        double movedRate = (available - backlog) / seconds;
        double sourceRate = straddled(previousSourceRate, movedRate);
        double rate = straddled(previousWorkRate, processedRate);
        previousSourceRate = movedRate;
        previousWorkRate = processedRate;
        Map<String, VertexSample> samples = new LinkedHashMap<>();
        samples.put(SOURCE, new VertexSample(1000 * sourceRate / 200_000.0, sourceRate, sourceRate, (long) backlog));
        samples.put(WORK, new VertexSample(1000 * rate / capacity, rate, rate, -1,
                1000 * rate / capacity / skew.applyAsDouble(workParallelism)));
        autoscaler.onTick(now, topology(), samples, true).ifPresent(d -> {
            decisions.add(d);
            if (d.rescales()) {
                Integer next = d.changes().get(WORK);
                if (next != null) {
                    rescales.add(new Rescale(now, workParallelism, next, (long) backlog, d.explanation(),
                            lastBehind));
                    workParallelism = next;
                    restarting = true;
                }
                autoscaler.applied(d, now);
            }
        });
    }

    private double straddled(double previous, double rate) {
        return straddling && previous >= 0 ? (previous + rate) / 2 : rate;
    }

    JobTopology topology() {
        return new JobTopology(List.of(
                new JobTopology.Vertex(SOURCE, "Source", 1, 128, false, List.of(), true, 8, false),
                new JobTopology.Vertex(WORK, "Work", workParallelism, keyGroups, false, List.of(SOURCE), false, 0, true)));
    }

    int parallelism() {
        return workParallelism;
    }

    long backlog() {
        return (long) backlog;
    }

    long maxBacklog() {
        return maxBacklog;
    }

    long now() {
        return now;
    }

    List<Rescale> rescales() {
        return rescales;
    }

    List<ScalingDecision> decisions() {
        return decisions;
    }
}
