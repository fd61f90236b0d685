package io.ebbflow.jm.scheduler;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.JobManagerOptions;
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

    /**
     * The timeouts from the configuration, with reactive mode's overrides where not set explicitly.
     *
     * @param checkpointInterval the job's checkpoint interval, or null without checkpoints
     */
    public static SchedulerSettings from(Configuration config, Duration checkpointInterval) {
        boolean reactive = config.getOptional(JobManagerOptions.SCHEDULER_MODE).isPresent();
        Duration wait = reactive && !config.contains(JobManagerOptions.RESOURCE_WAIT_TIMEOUT) ? Duration.ofMillis(-1)
                : config.get(JobManagerOptions.RESOURCE_WAIT_TIMEOUT);
        Duration stabilization = reactive && !config.contains(JobManagerOptions.RESOURCE_STABILIZATION_TIMEOUT)
                ? Duration.ZERO : config.get(JobManagerOptions.RESOURCE_STABILIZATION_TIMEOUT);
        int failures = config.get(JobManagerOptions.RESCALE_TRIGGER_MAX_CHECKPOINT_FAILURES);
        Duration maxDelay = config.getOptional(JobManagerOptions.RESCALE_TRIGGER_MAX_DELAY).orElse(
                checkpointInterval == null ? Duration.ZERO : checkpointInterval.multipliedBy(failures + 1L));
        return new SchedulerSettings(wait, stabilization, config.get(JobManagerOptions.EXECUTING_COOLDOWN),
                config.get(JobManagerOptions.EXECUTING_STABILIZATION), maxDelay, failures,
                config.get(JobManagerOptions.MIN_PARALLELISM_INCREASE));
    }
}
