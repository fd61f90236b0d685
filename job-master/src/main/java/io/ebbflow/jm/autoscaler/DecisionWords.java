package io.ebbflow.jm.autoscaler;

import java.util.Locale;

/** How the scaling policy writes its figures for people, in the rescale history and on the dashboard. */
final class DecisionWords {

    private static final double EPSILON = 1e-9;

    private DecisionWords() {
    }

    /** A vertex's figures: "vertex X: busy 91%, input 12 k/s, ..., capacity 6.5 k/s per subtask". */
    static String figures(JobTopology.Vertex v, MetricWindow.Rates r, double tpr, double target, double catchUp) {
        StringBuilder s = new StringBuilder("vertex ").append(v.name()).append(": busy ").append(percent(r.load()))
                .append(", input ").append(rate(r.inRate())).append("/s");
        if (Math.abs(target - r.inRate()) > Math.max(1, 0.05 * r.inRate())) {
            s.append(", target ").append(rate(target)).append("/s");
        }
        if (r.lag() > 0) {
            s.append(", backlog ").append(rate(r.lag()));
        }
        if (catchUp > EPSILON) {
            s.append(" (+").append(rate(catchUp)).append("/s to catch up)");
        }
        s.append(", capacity ").append(Double.isInfinite(tpr) ? "unbounded (idle)"
                : rate(tpr / v.parallelism()) + "/s per subtask");
        return s.toString();
    }

    /** A share as a percentage: 0.91 is "91%". */
    static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    /** Milliseconds in whole seconds: "60 s". */
    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.0f s", millis / 1000.0);
    }

    /** A rate or count for people: 850, 6.5 k, 12 k, 3.4 M. */
    static String rate(double value) {
        double a = Math.abs(value);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, a >= 1e7 ? "%.0f M" : "%.1f M", value / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, a >= 1e4 ? "%.0f k" : "%.1f k", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
