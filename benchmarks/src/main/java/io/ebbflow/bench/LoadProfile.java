package io.ebbflow.bench;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A load profile of the autoscaler comparison: the total rate (records/s) of the VariableLoad job at each second of
 * the run, the parallelism the job starts at, and the second the load changes (for the time to reach the needed
 * parallelism; -1 if it changes all the time).
 */
record LoadProfile(String name, int seconds, int initialParallelism, int changeAt, IntToDoubleFunction rate) {

    static final List<String> NAMES = List.of("step-up", "step-down", "sine", "spike");

    /**
     * The profile of that name, its durations multiplied by {@code timeScale} (below 1 for a short trial run). Rates
     * are for 1 ms per record (1000 records/s per subtask at 100% busy).
     */
    static LoadProfile named(String name, double timeScale) {
        int minute = (int) Math.round(60 * timeScale);
        return switch (name) {
            // 400/s (one subtask at 40%) for a minute, then 2000/s: three subtasks at 67%.
            case "step-up" -> new LoadProfile(name, 4 * minute, 1, minute, t -> t < minute ? 400 : 2000);
            // Sized for 2000/s, then 400/s: one subtask at 40% after the scale-down delay.
            case "step-down" -> new LoadProfile(name, 5 * minute, 3, minute, t -> t < minute ? 2000 : 400);
            // 400/s to 2000/s and back over 10 minutes, starting in the middle (1200/s, two subtasks at 60%).
            case "sine" -> new LoadProfile(name, 10 * minute, 2, -1,
                    t -> 1200 + 800 * Math.sin(2 * Math.PI * t / (10.0 * minute)));
            // 500/s, half a minute of 3000/s (a backlog builds at once), then 500/s again.
            case "spike" -> new LoadProfile(name, 4 * minute, 1, minute,
                    t -> t >= minute && t < minute + minute / 2 ? 3000 : 500);
            default -> throw new IllegalArgumentException("no load profile '" + name + "' (known: " + NAMES + ")");
        };
    }

    /**
     * The parallelisms that run {@code rate} within the utilization band: at most {@code target + boundary} busy
     * and, above one subtask, at least {@code target - boundary}; {lowest, highest}. When the band holds no whole
     * parallelism, the lowest that is not overloaded.
     */
    static int[] neededParallelism(double rate, double perSubtask, double target, double boundary) {
        int low = Math.max(1, (int) Math.ceil(rate / (perSubtask * (target + boundary)) - 1e-9));
        int high = Math.max(1, (int) Math.floor(rate / (perSubtask * Math.max(1e-9, target - boundary)) + 1e-9));
        return new int[] {low, Math.max(low, high)};
    }
}
