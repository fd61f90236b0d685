package io.ebbflow.bench;

import java.util.List;
import java.util.Locale;

/**
 * The figures of one autoscaler comparison run, from its samples and the JobMaster's account of it.
 *
 * @param reachSeconds seconds from the profile's change until the slow call first ran at the parallelism the new load
 *     needs: after a rise, at least the band's lowest (not overloaded); after a fall, at most its highest (NaN: the
 *     profile has no single change; +inf: not reached while that load lasted)
 * @param rescales completed rescales (the JobMaster's rescale history)
 * @param restarts restarts after a failure (the same history)
 * @param changes changes of the job's parallelism seen by the samples
 * @param reversals times the slow call's parallelism changed direction (up then down, or down then up)
 * @param slotSeconds slots held by the job, integrated over the run
 * @param underSeconds seconds the slow call ran below the band (overloaded)
 * @param overSeconds seconds it ran above the band (more subtasks than needed)
 * @param peakBacklog the source's largest backlog (records)
 * @param finalBacklog its backlog at the end
 * @param violations the exactly-once checker's violations (0 when never incremented)
 */
record AutoscalerSummary(double reachSeconds, int rescales, int restarts, int changes, int reversals, double slotSeconds,
        double underSeconds, double overSeconds, double peakBacklog, double finalBacklog, long violations) {

    static final String TABLE_HEADER = "| profile | side | time to needed p | rescales | reversals | slot-seconds "
            + "| under / over band (s) | peak backlog | final backlog | violations |\n|---|---|---|---|---|---|---|---|---|---|";

    /**
     * @param perSubtask records/s one slow-call subtask reads at 100% busy
     */
    static AutoscalerSummary of(LoadProfile profile, List<AutoscalerSample> samples, int rescales, int restarts,
            long violations, double perSubtask, double target, double boundary) {
        double reach = Double.NaN;
        if (profile.changeAt() >= 0) {
            double changed = profile.rate().applyAsDouble(profile.changeAt());
            boolean up = changed > profile.rate().applyAsDouble(profile.changeAt() - 1);
            int[] band = LoadProfile.neededParallelism(changed, perSubtask, target, boundary);
            reach = Double.POSITIVE_INFINITY;
            for (AutoscalerSample s : samples) {
                if (s.second() < profile.changeAt()) {
                    continue;
                }
                if (s.rate() != changed) {
                    break;
                }
                // up: enough subtasks not to be overloaded; down: no more than the band's top
                if (s.running() && (up ? s.slowCall() >= band[0] : s.slowCall() <= band[1])) {
                    reach = s.second() - profile.changeAt();
                    break;
                }
            }
        }
        int changes = 0;
        int reversals = 0;
        int lastDirection = 0;
        AutoscalerSample lastRunning = null;
        double slotSeconds = 0;
        double under = 0;
        double over = 0;
        double peak = 0;
        AutoscalerSample previous = null;
        for (AutoscalerSample s : samples) {
            double dt = previous == null ? 0 : s.second() - previous.second();
            slotSeconds += Math.max(0, s.slots()) * dt;
            int[] band = LoadProfile.neededParallelism(s.rate(), perSubtask, target, boundary);
            if (s.running() && s.slowCall() < band[0]) {
                under += dt;
            } else if (s.running() && s.slowCall() > band[1]) {
                over += dt;
            }
            peak = Math.max(peak, s.backlog());
            if (s.running()) {
                if (lastRunning != null && (s.slowCall() != lastRunning.slowCall() || s.source() != lastRunning.source()
                        || s.checker() != lastRunning.checker())) {
                    changes++;
                }
                if (lastRunning != null && s.slowCall() != lastRunning.slowCall()) {
                    int direction = Integer.signum(s.slowCall() - lastRunning.slowCall());
                    if (lastDirection != 0 && direction != lastDirection) {
                        reversals++;
                    }
                    lastDirection = direction;
                }
                lastRunning = s;
            }
            previous = s;
        }
        double finalBacklog = samples.isEmpty() ? Double.NaN : samples.get(samples.size() - 1).backlog();
        return new AutoscalerSummary(reach, rescales, restarts, changes, reversals, slotSeconds, under, over, peak,
                finalBacklog, Math.max(0, violations));
    }

    /** A row of the comparison table. */
    String row(String profile, String side) {
        String reach = Double.isNaN(reachSeconds) ? "-" : Double.isInfinite(reachSeconds) ? "not reached"
                : String.format(Locale.ROOT, "%.0f s", reachSeconds);
        return String.format(Locale.ROOT, "| %s | %s | %s | %d%s | %d | %.0f | %.0f / %.0f | %.0f | %.0f | %d |", profile, side,
                reach, rescales, restarts > 0 ? " (+" + restarts + " restarts)" : "", reversals, slotSeconds, underSeconds,
                overSeconds, peakBacklog, finalBacklog, violations);
    }
}
