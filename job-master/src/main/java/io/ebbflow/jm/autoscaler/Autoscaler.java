package io.ebbflow.jm.autoscaler;

import java.util.Map;
import java.util.Optional;

/**
 * When the policy decides: while the job runs at one parallelism, after {@code stabilization.interval}, once the
 * metric window is full; every sample of another parallelism (or of no running job) is dropped. A return from a
 * scale-up for a backlog needs no full window: from the third sample on it is decided as soon as the backlog is read
 * (the rates a full window would average are those of the catch-up, which are over). Pure: the caller passes the
 * time, the job's shape and its samples, and applies what comes back.
 */
public final class Autoscaler {

    /** Where the autoscaler is, for people: stabilizing, collecting, or its latest decision. */
    public record Status(String phase, long since, ScalingDecision latest) {
    }

    /** The samples a return from a scale-up for a backlog needs before the window is full. */
    private static final int EARLY_SAMPLES = 3;

    private final AutoscalerSettings settings;
    private final ScalingPolicy policy;
    private final MetricWindow window;
    private Map<String, Integer> parallelism;
    private long stableSince = -1;
    private ScalingDecision latest;

    public Autoscaler(AutoscalerSettings settings) {
        this.settings = settings;
        this.policy = new ScalingPolicy(settings);
        this.window = new MetricWindow(settings.window().toMillis(), settings.interval().toMillis());
    }

    /**
     * One tick: the job's shape and its vertices' samples now, or {@code running} false when no execution runs
     * whole (deploying, restarting, rescaling).
     *
     * @return the decision, once the window is full (with no change, or changes to apply)
     */
    public Optional<ScalingDecision> onTick(long now, JobTopology topology, Map<String, VertexSample> samples,
            boolean running) {
        if (!running) {
            reset();
            return Optional.empty();
        }
        Map<String, Integer> current = topology.parallelism();
        if (!current.equals(parallelism)) {
            reset();
            parallelism = current;
            stableSince = now;
        }
        if (!settings.passed(stableSince, now, settings.stabilization().toMillis())) {
            return Optional.empty();
        }
        window.add(now, samples);
        if (!window.full(now)) {
            Optional<ScalingDecision> back = window.size() < EARLY_SAMPLES ? Optional.empty()
                    : policy.decideReturns(now, topology, window.rates());
            back.ifPresent(d -> latest = d);
            return back;
        }
        latest = policy.decide(now, topology, window.rates());
        return Optional.of(latest);
    }

    /**
     * The decision was applied (the job's requirements changed): the policy remembers it, and the next decision
     * waits for a full window of the new parallelism, or of this one if the slots do not come.
     */
    public void applied(ScalingDecision decision, long now) {
        policy.applied(decision, now);
        window.clear();
        stableSince = now;
    }

    public Status status(long now) {
        if (parallelism == null) {
            return new Status("waiting for the job to run", -1, latest);
        }
        if (!settings.passed(stableSince, now, settings.stabilization().toMillis())) {
            return new Status("stabilizing", stableSince, latest);
        }
        return new Status(window.full(now) ? "deciding" : "collecting metrics", window.since(), latest);
    }

    private void reset() {
        window.clear();
        parallelism = null;
        stableSince = -1;
    }
}
