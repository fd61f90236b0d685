package io.ebbflow.jm.autoscaler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's metric samples over the last {@code job.autoscaler.metrics.window}, and their averages per vertex.
 * Emptied when the job's parallelism changes (samples of another parallelism say nothing about this one). Pure;
 * time is passed in.
 */
final class MetricWindow {

    /** One sample of every vertex. */
    private record Sample(long time, Map<String, VertexSample> vertices) {
    }

    /**
     * A vertex's metrics over the window.
     *
     * @param load the busiest subtask's busy share, 0 to 1, averaged
     * @param inRate records in per second, summed over the subtasks, averaged
     * @param outRate records out per second, likewise
     * @param lag the newest backlog (-1: unknown)
     * @param lagRate how fast the backlog grew (records per second; negative: it shrank)
     * @param recentInRate records in per second over the last quarter of the window (at least its last two samples)
     * @param recentLagRate how fast the backlog grew over that last quarter
     * @param newestInRate records in per second of the newest sample
     * @param previousInRate records in per second of the sample before the newest (the newest's when there is none)
     * @param inRateSlope how fast records in per second changed over the window (least squares; per second), or since
     *     the window's lowest sample when that is faster (the input turned), 0 when the change is within the samples'
     *     noise (less than twice the slope's standard error)
     * @param inRateFit how much of the samples' spread the slope's line explains (R², 0 to 1; 0 with fewer than three
     *     samples): near 1 for a steady trend, lower for a step (flat, a jump, flat again)
     * @param meanLoad the subtasks' mean busy share, 0 to 1, averaged: {@code load} over this is the vertex's skew
     */
    record Rates(double load, double inRate, double outRate, long lag, double lagRate, double recentInRate,
            double recentLagRate, double newestInRate, double previousInRate, double inRateSlope, double inRateFit,
            double meanLoad) {

        Rates(double load, double inRate, double outRate, long lag, double lagRate) {
            this(load, inRate, outRate, lag, lagRate, inRate, lagRate, inRate, inRate, 0, 0, load);
        }

        /** The same with {@code slope} as the trend of records in per second (of a line that explains nothing). */
        Rates rising(double slope) {
            return new Rates(load, inRate, outRate, lag, lagRate, recentInRate, recentLagRate, newestInRate,
                    previousInRate, slope, 0, meanLoad);
        }

        /** The same with the subtasks' mean busy share {@code mean} (the busiest's is {@code load}). */
        Rates withMeanLoad(double mean) {
            return new Rates(load, inRate, outRate, lag, lagRate, recentInRate, recentLagRate, newestInRate,
                    previousInRate, inRateSlope, inRateFit, mean);
        }
    }

    /** A least-squares line through a vertex's records in per second: its slope, and the share it explains. */
    private record Fit(double slope, double r2) {
        static final Fit NONE = new Fit(0, 0);
    }

    private final long windowMillis;
    private final long intervalMillis;
    private final Deque<Sample> samples = new ArrayDeque<>();
    /** When the first sample since the window was last emptied came (-1: none since). */
    private long collectingSince = -1;

    /** A window of {@code windowMillis} filled by ticks {@code intervalMillis} apart. */
    MetricWindow(long windowMillis, long intervalMillis) {
        this.windowMillis = windowMillis;
        this.intervalMillis = intervalMillis;
    }

    void add(long now, Map<String, VertexSample> vertices) {
        if (collectingSince < 0) {
            collectingSince = now;
        }
        samples.addLast(new Sample(now, Map.copyOf(vertices)));
        while (samples.size() > 2 && samples.peekFirst().time() < now - windowMillis) {
            samples.removeFirst();
        }
    }

    void clear() {
        samples.clear();
        collectingSince = -1;
    }

    /**
     * Whether the samples span the whole window: they have been collected for at least a window since it was last
     * emptied. Not "the oldest sample is a window old": samples older than the window are dropped, so that held only
     * when the oldest kept one was exactly a window old, and a timer a millisecond late left the window short of full
     * at that tick (the benchmark's step-down decided first 24 s after the window had filled). Counted in ticks, as
     * every duration of the autoscaler ({@link AutoscalerSettings#passed}).
     */
    boolean full(long now) {
        return samples.size() >= 2 && collectingSince >= 0
                && AutoscalerSettings.passed(collectingSince, now, windowMillis, intervalMillis);
    }

    /** How many samples the window has. */
    int size() {
        return samples.size();
    }

    /** Since when the window has samples (-1: none). */
    long since() {
        return samples.isEmpty() ? -1 : samples.peekFirst().time();
    }

    /** Each vertex's averages over the window (vertices without a sample are left out). */
    Map<String, Rates> rates() {
        Map<String, Rates> all = rates(samples);
        List<Sample> list = new ArrayList<>(samples);
        long recentFrom = list.isEmpty() ? 0 : list.get(list.size() - 1).time() - windowMillis / 4;
        int from = Math.max(0, list.size() - 2);
        while (from > 0 && list.get(from - 1).time() >= recentFrom) {
            from--;
        }
        Map<String, Rates> recent = rates(list.subList(from, list.size()));
        Map<String, Rates> out = new HashMap<>();
        all.forEach((id, r) -> {
            Rates x = recent.getOrDefault(id, r);
            VertexSample newest = list.get(list.size() - 1).vertices().get(id);
            VertexSample previous = list.size() < 2 ? null : list.get(list.size() - 2).vertices().get(id);
            double newestIn = newest == null ? x.inRate() : newest.numRecordsInPerSecond();
            Fit fit = inRateFit(id);
            out.put(id, new Rates(r.load(), r.inRate(), r.outRate(), r.lag(), r.lagRate(), x.inRate(), x.lagRate(),
                    newestIn, previous == null ? newestIn : previous.numRecordsInPerSecond(), fit.slope(), fit.r2(),
                    r.meanLoad()));
        });
        return out;
    }

    /**
     * The trend of the vertex's records in per second: the slope of the least-squares line through the window's
     * samples, or, when larger, of the line through the samples from the window's lowest one on (the input turned: at
     * a trough the window's line is flat, half of it falling and half rising, although the input already rises since
     * its low; at least three samples from the low, the latest of equal lows, so a low among the newest two counts
     * nothing). A slope counts only when it is at least twice its standard error (the samples' noise could make it),
     * else it is 0. The share explained ({@code r2}) is the window's line's.
     */
    private Fit inRateFit(String id) {
        List<double[]> points = new ArrayList<>(); // seconds since the window's first sample, records in per second
        long origin = samples.isEmpty() ? 0 : samples.peekFirst().time();
        int low = -1;
        for (Sample s : samples) {
            VertexSample v = s.vertices().get(id);
            if (v != null) {
                points.add(new double[] {(s.time() - origin) / 1000.0, v.numRecordsInPerSecond()});
                if (low < 0 || v.numRecordsInPerSecond() <= points.get(low)[1]) {
                    low = points.size() - 1;
                }
            }
        }
        Fit window = fit(points);
        if (low > 0 && points.size() - low >= 3) {
            Fit sinceLow = fit(points.subList(low, points.size()));
            if (sinceLow.slope() > window.slope()) {
                return new Fit(sinceLow.slope(), window.r2());
            }
        }
        return window;
    }

    /** The least-squares line through the points: its slope (0 within the noise, see above) and the share it explains. */
    private static Fit fit(List<double[]> points) {
        int n = points.size();
        if (n < 3) {
            return Fit.NONE;
        }
        double meanT = points.stream().mapToDouble(p -> p[0]).sum() / n;
        double meanR = points.stream().mapToDouble(p -> p[1]).sum() / n;
        double cov = 0;
        double var = 0;
        for (double[] p : points) {
            cov += (p[0] - meanT) * (p[1] - meanR);
            var += (p[0] - meanT) * (p[0] - meanT);
        }
        if (var <= 0) {
            return Fit.NONE;
        }
        double slope = cov / var;
        double residuals = 0;
        double spread = 0;
        for (double[] p : points) {
            double e = p[1] - meanR - slope * (p[0] - meanT);
            residuals += e * e;
            spread += (p[1] - meanR) * (p[1] - meanR);
        }
        double standardError = Math.sqrt(residuals / (n - 2) / var);
        double r2 = spread <= 0 ? 0 : Math.max(0, 1 - residuals / spread);
        return Math.abs(slope) > 2 * standardError ? new Fit(slope, r2) : new Fit(0, r2);
    }

    private static Map<String, Rates> rates(Iterable<Sample> samples) {
        Map<String, double[]> sums = new HashMap<>();
        Map<String, long[]> lags = new HashMap<>(); // first time, first lag, last time, last lag
        for (Sample s : samples) {
            s.vertices().forEach((id, v) -> {
                double[] sum = sums.computeIfAbsent(id, k -> new double[5]);
                sum[0] += v.busyTimeMsPerSecond() / 1000.0;
                sum[1] += v.numRecordsInPerSecond();
                sum[2] += v.numRecordsOutPerSecond();
                sum[3]++;
                sum[4] += v.busyTimeMsPerSecondAvg() / 1000.0;
                if (v.pendingRecords() >= 0) {
                    long[] lag = lags.computeIfAbsent(id, k -> new long[] {s.time(), v.pendingRecords(), 0, 0});
                    lag[2] = s.time();
                    lag[3] = v.pendingRecords();
                }
            });
        }
        Map<String, Rates> out = new HashMap<>();
        sums.forEach((id, sum) -> {
            long[] lag = lags.get(id);
            double lagRate = lag == null || lag[2] <= lag[0] ? 0 : (lag[3] - lag[1]) * 1000.0 / (lag[2] - lag[0]);
            out.put(id, new Rates(sum[0] / sum[3], sum[1] / sum[3], sum[2] / sum[3], lag == null ? -1 : lag[3], lagRate)
                    .withMeanLoad(sum[4] / sum[3]));
        });
        return out;
    }
}
