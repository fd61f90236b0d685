package io.ebbflow.jm.autoscaler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** A rescale the autoscaler made. */
    record Rescale(long time, int from, int to, long backlog, String explanation) {
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

    /** Runs until {@code until} (ms since the start) with the offered rate given per time. */
    SimulatedJob runUntil(long until, LongToDoubleFunction offeredRate) {
        while (now < until) {
            now += tickMillis;
            tick(offeredRate.applyAsDouble(now));
        }
        return this;
    }

    private void tick(double offered) {
        double seconds = tickMillis / 1000.0;
        double available = backlog + offered * seconds;
        if (restarting) {
            backlog = available;
            restarting = false;
            autoscaler.onTick(now, topology(), Map.of(), false);
            return;
        }
        double capacity = workParallelism * capacityPerSubtask;
        double processed = Math.min(available, capacity * seconds);
        backlog = available - processed;
        maxBacklog = Math.max(maxBacklog, (long) backlog);
        double rate = processed / seconds;
        Map<String, VertexSample> samples = new LinkedHashMap<>();
        samples.put(SOURCE, new VertexSample(1000 * rate / 200_000.0, rate, rate, (long) backlog));
        samples.put(WORK, new VertexSample(1000 * rate / capacity, rate, rate, -1));
        autoscaler.onTick(now, topology(), samples, true).ifPresent(d -> {
            decisions.add(d);
            if (d.rescales()) {
                Integer next = d.changes().get(WORK);
                if (next != null) {
                    rescales.add(new Rescale(now, workParallelism, next, (long) backlog, d.explanation()));
                    workParallelism = next;
                    restarting = true;
                }
                autoscaler.applied(d, now);
            }
        });
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
