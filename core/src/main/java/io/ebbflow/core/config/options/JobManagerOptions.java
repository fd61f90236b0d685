package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** The JobMaster's declarative slot pool. */
public final class JobManagerOptions {

    private JobManagerOptions() {
    }

    public static final ConfigOption<Duration> SLOT_IDLE_TIMEOUT = ConfigOption.key("slot.idle.timeout")
            .durationType().defaultValue(Duration.ofSeconds(50))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A free slot that the job holds beyond its declared target is given back after it has "
                    + "been idle this long (so a job that is about to need it again keeps it). Slots beyond the "
                    + "job's fair share of the cluster are given back as soon as they are free.");

    public static final ConfigOption<Integer> BLOB_SERVER_PORT = ConfigOption.key("blob.server.port")
            .intType().defaultValue(0)
            .validate("an integer in [0, 65535]", io.ebbflow.core.config.Ranges.intBetween(0, 65535))
            .withDescription("Port on which a JobMaster serves its job jar to TaskExecutors (bound to 'jobmanager.bind-host', announced as 'cluster.host'); "
                    + "0 picks a free port.");

    public static final ConfigOption<String> BIND_HOST = ConfigOption.key("jobmanager.bind-host")
            .stringType().derivedDefault("'cluster.bind-host'")
            .validate("a non-empty host or IP address", Ranges.notBlank())
            .withDescription("Address a JobMaster binds its listeners to (cluster membership, event bus, blob server, "
                    + "metrics), e.g. '0.0.0.0'; it announces 'cluster.host'. Overrides 'cluster.bind-host' for "
                    + "the JobMaster.");

    public static final ConfigOption<Duration> RESOURCE_STABILIZATION_TIMEOUT = ConfigOption
            .key("jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .fallbackKeys("jobmanager.adaptive-scheduler.resource-stabilization-timeout")
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("A job that has the slots it needs at least (its minimum) but not all it wants starts after "
                    + "no new slot has arrived for this long; with all it wants it starts at once.");

    public static final ConfigOption<Duration> RESOURCE_WAIT_TIMEOUT = ConfigOption
            .key("jobmanager.adaptive-scheduler.submission.resource-wait-timeout")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .fallbackKeys("jobmanager.adaptive-scheduler.resource-wait-timeout")
            .withDescription("A job that cannot get its minimum slots for this long fails. Negative waits forever.");

    public static final ConfigOption<String> SCHEDULER = ConfigOption.key("jobmanager.scheduler")
            .stringType().defaultValue("adaptive")
            .validate("adaptive or default", v -> v.equalsIgnoreCase("adaptive") || v.equalsIgnoreCase("default") ? null
                    : "expected 'adaptive' or 'default', got '" + v + "'")
            .withDescription("'adaptive': a job runs at what its slots allow between its vertices' minimum and target "
                    + "parallelism and rescales when slots come and go. 'default' (Flink's static scheduler) behaves as "
                    + "adaptive with every vertex's minimum equal to its target, so the job only runs at full parallelism.");

    public static final ConfigOption<String> SCHEDULER_MODE = ConfigOption.key("scheduler-mode")
            .stringType().derivedDefault("(none)")
            .validate("reactive", v -> v.equalsIgnoreCase("reactive") ? null : "expected 'reactive', got '" + v + "'")
            .withDescription("'reactive': every vertex's target is its max parallelism (explicit parallelism is ignored), "
                    + "so the job uses every slot it is given; the job waits for resources forever and starts as soon as "
                    + "it has its minimums (unless the submission timeouts are set explicitly).");

    public static final ConfigOption<Duration> EXECUTING_COOLDOWN = ConfigOption
            .key("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .fallbackKeys("jobmanager.adaptive-scheduler.scaling-interval.min")
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("After a (re)start, no rescale for this long; changes seen meanwhile are acted on after it.");

    public static final ConfigOption<Duration> EXECUTING_STABILIZATION = ConfigOption
            .key("jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .fallbackKeys("jobmanager.adaptive-scheduler.scaling-interval.max")
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("A running job that could change parallelism but does not hold all the slots it is "
                    + "entitled to rescales after the slots have been stable this long. Holding all it is entitled to "
                    + "(all it wants, or its fair share of the cluster), it rescales at the next checkpoint.");

    public static final ConfigOption<Duration> RESCALE_TRIGGER_MAX_DELAY = ConfigOption
            .key("jobmanager.adaptive-scheduler.rescale-trigger.max-delay")
            .durationType().derivedDefault("(max-checkpoint-failures + 1) x checkpoint interval; 0 without checkpointing")
            .fallbackKeys("jobmanager.adaptive-scheduler.max-delay-for-scale-trigger")
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("The longest a due rescale waits for a completed checkpoint to happen at.");

    public static final ConfigOption<Integer> RESCALE_TRIGGER_MAX_CHECKPOINT_FAILURES = ConfigOption
            .key("jobmanager.adaptive-scheduler.rescale-trigger.max-checkpoint-failures")
            .intType().defaultValue(2)
            .validate("an integer >= 1", Ranges.intAtLeast(1))
            .withDescription("A due rescale happens after this many failed checkpoints in a row, if none completes.");

    public static final ConfigOption<Integer> MIN_PARALLELISM_INCREASE = ConfigOption
            .key("jobmanager.adaptive-scheduler.min-parallelism-increase")
            .intType().defaultValue(1)
            .validate("an integer >= 1", Ranges.intAtLeast(1))
            .withDescription("A scale-up happens only when some vertex gains at least this much parallelism; any "
                    + "decrease counts.");

    public static final ConfigOption<Integer> JOB_STORE_MAX_CAPACITY = ConfigOption.key("jobstore.max-capacity")
            .intType().defaultValue(100)
            .validate("an integer >= 1", Ranges.intAtLeast(1))
            .withDescription("How many ended jobs (FINISHED, CANCELED or FAILED) stay visible in the REST API and on "
                    + "the dashboard. When a job ends, its JobMaster archives its final details, exceptions, "
                    + "checkpoint statistics, rescale history and accumulators in the durable store "
                    + "('high-availability.storageDir') and then deletes the oldest archives beyond this count.");
}
