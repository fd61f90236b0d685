package io.ebbflow.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The JobMaster options under which the tests that let a job scale itself run the built-in scaling policy: deciding
 * every second over a 6 s window, scaling down after 8 s straight to what is needed, at most 4 subtasks a vertex,
 * and no cooldown after a rescale, so that a step of the load is answered within a test's patience.
 */
public final class FastScalingPolicy {

    public static final List<String> OPTIONS = List.of(
            "-Djobmanager.autoscaler.enabled=true", "-Djobmanager.autoscaler.interval=1s",
            "-Djob.autoscaler.metrics.window=6s", "-Djob.autoscaler.stabilization.interval=3s",
            "-Djob.autoscaler.scale-down.interval=8s", "-Djob.autoscaler.scale-down.max-factor=1.0",
            "-Djob.autoscaler.vertex.max-parallelism=4", "-Djob.autoscaler.target.utilization=0.7",
            "-Djob.autoscaler.target.utilization.boundary=0.2", "-Djob.autoscaler.catch-up.duration=30s",
            "-Djob.autoscaler.backlog-processing.lag-threshold=5s",
            "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s");

    private FastScalingPolicy() {
    }

    /** {@code before}, these options, then {@code after}: a JobMaster's arguments. */
    public static String[] arguments(List<String> before, List<String> after) {
        List<String> all = new ArrayList<>(before);
        all.addAll(OPTIONS);
        all.addAll(after);
        return all.toArray(String[]::new);
    }
}
