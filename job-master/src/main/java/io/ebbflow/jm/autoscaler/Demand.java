package io.ebbflow.jm.autoscaler;

import java.util.HashMap;
import java.util.Map;

/**
 * What a vertex must be able to read, carried from the sources along the edges (times each input's output/input
 * ratio). Pure.
 *
 * @param target the rate it must keep up with: for a source its input rate plus the growth of its backlog, over the
 *     window, over its last quarter or at its newest sample, whichever is larger (a rise counts at once, a fall only
 *     once the whole window saw it)
 * @param catchUp the sources' backlog over {@code catch-up.duration}, on top of the target
 * @param rising how fast the target grows, records/s per second (0 when it does not): the sources' input trend over
 *     the window
 * @param steadyRise {@code rising} when the sources' input rose steadily: a line explains at least {@value #STEADY}
 *     of the window's spread and the newest sample is still above the one before it; 0 otherwise (a step up reads
 *     as a rise over the window, but is over once its new level is flat)
 * @param recent the target of late: for a source its input rate plus the growth of its backlog over the window's
 *     last quarter or at its newest sample, whichever is larger; not the whole window, which after a spike and its
 *     catch-up still holds both for up to a window
 */
record Demand(double target, double catchUp, double rising, double steadyRise, double recent) {

    private static final double EPSILON = 1e-9;
    /** The share of the window's spread of records in per second a line must explain for a rise to be steady. */
    static final double STEADY = 0.9;

    /** The target {@code seconds} from now if it keeps rising steadily as it did over the window (never below today's). */
    double targetIn(double seconds) {
        return target + steadyRise * seconds;
    }

    /** Per vertex, in topological order; a vertex without metrics is left out, one with unknown inputs reads its own. */
    static Map<String, Demand> of(JobTopology topology, Map<String, MetricWindow.Rates> rates, AutoscalerSettings settings) {
        double catchUpSeconds = settings.catchUp().toMillis() / 1000.0;
        Map<String, Demand> out = new HashMap<>();
        for (JobTopology.Vertex v : topology.vertices()) {
            MetricWindow.Rates r = rates.get(v.id());
            if (r == null) {
                continue;
            }
            if (v.source() || v.inputs().isEmpty()) {
                double recentLagRate = r.lag() >= 0 ? r.recentLagRate() : 0;
                double recent = Math.max(0, Math.max(r.recentInRate(), r.newestInRate()) + recentLagRate);
                double target = Math.max(recent, r.inRate() + (r.lag() >= 0 ? r.lagRate() : 0));
                double catchUp = r.lag() > 0 && catchUpSeconds > 0 ? r.lag() / catchUpSeconds : 0;
                double rising = Math.max(0, r.inRateSlope());
                boolean steady = r.inRateFit() >= STEADY && r.newestInRate() > r.previousInRate();
                out.put(v.id(), new Demand(target, catchUp, rising, steady ? rising : 0, recent));
                continue;
            }
            double target = 0;
            double catchUp = 0;
            double rising = 0;
            double steadyRise = 0;
            double recent = 0;
            boolean known = true;
            for (String input : v.inputs()) {
                MetricWindow.Rates ir = rates.get(input);
                Demand id = out.get(input);
                if (ir == null || id == null) {
                    known = false;
                    continue;
                }
                double ratio = ir.inRate() > EPSILON ? ir.outRate() / ir.inRate() : 0;
                target += id.target() * ratio;
                catchUp += id.catchUp() * ratio;
                rising += id.rising() * ratio;
                steadyRise += id.steadyRise() * ratio;
                recent += id.recent() * ratio;
            }
            out.put(v.id(), known ? new Demand(target, catchUp, rising, steadyRise, recent)
                    : new Demand(r.inRate(), 0, 0, 0, r.recentInRate()));
        }
        return out;
    }

    /** Whether some source's backlog takes longer than the threshold to read at its input rate. */
    static boolean catchingUp(JobTopology topology, Map<String, MetricWindow.Rates> rates, AutoscalerSettings settings) {
        double threshold = settings.backlogThreshold().toMillis() / 1000.0;
        for (JobTopology.Vertex v : topology.vertices()) {
            MetricWindow.Rates r = rates.get(v.id());
            if (v.source() && r != null && r.lag() > 0 && r.lag() > r.inRate() * threshold) {
                return true;
            }
        }
        return false;
    }
}
