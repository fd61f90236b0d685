package io.ebbflow.jm.adaptive;

import java.time.Duration;

/**
 * The Adaptive Scheduler's timeouts (spec §4.1; reactive mode overrides the submission ones).
 *
 * @param resourceWait {@code submission.resource-wait-timeout}; negative waits forever
 * @param submissionStabilization {@code submission.resource-stabilization-timeout}
 * @param cooldown {@code executing.cooldown-after-rescaling}
 * @param executingStabilization {@code executing.resource-stabilization-timeout}
 * @param maxTriggerDelay {@code rescale-trigger.max-delay} (derived from the checkpoint interval if unset)
 * @param maxCheckpointFailures {@code rescale-trigger.max-checkpoint-failures}
 * @param minParallelismIncrease {@code min-parallelism-increase}: a scale-up needs some vertex to gain this much
 */
public record SchedulerSettings(Duration resourceWait, Duration submissionStabilization, Duration cooldown,
        Duration executingStabilization, Duration maxTriggerDelay, int maxCheckpointFailures, int minParallelismIncrease) {
}
