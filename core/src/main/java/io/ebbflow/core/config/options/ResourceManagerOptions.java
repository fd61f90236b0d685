package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** The ResourceManager's slot manager. */
public final class ResourceManagerOptions {

    private ResourceManagerOptions() {
    }

    public static final ConfigOption<Duration> REQUIREMENT_CHECK_DELAY = ConfigOption.key("slotmanager.requirement-check.delay")
            .durationType().defaultValue(Duration.ofMillis(50))
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("At most one requirement check (slot matching) runs per this window. A requirement change "
                    + "(declaration, new or lost slots) when none ran within it is checked at once; changes arriving "
                    + "within the window after a check are handled together in one check when it ends, so a burst of "
                    + "registrations causes one more round of slot matching.");

    public static final ConfigOption<Duration> JOB_TIMEOUT = ConfigOption.key("resourcemanager.job.timeout")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A job whose JobMaster is gone is forgotten (requirement and place in the submission "
                    + "order) after this long. Until then a restarted JobMaster of the job takes its place back.");

    /** Where the ResourceManager gets TaskExecutors from. */
    public enum Provider {
        /** TaskExecutors are started by someone else; the ResourceManager uses those that register. */
        STANDALONE,
        /** The ResourceManager starts {@code task-executor.jar} child processes on its own host. */
        PROCESS,
        /** The ResourceManager creates TaskExecutor pods through the Kubernetes API. */
        KUBERNETES
    }

    public static final ConfigOption<Provider> PROVIDER = ConfigOption.key("resourcemanager.provider")
            .enumType(Provider.class).defaultValue(Provider.STANDALONE)
            .withDescription("Where TaskExecutors come from. 'standalone': they are started by someone else and the "
                    + "ResourceManager uses those that register. 'process' and 'kubernetes' (active resource "
                    + "management): when the jobs' declared slots exceed the registered and pending ones, the "
                    + "ResourceManager starts TaskExecutors ('process': task-executor.jar child processes on its "
                    + "host; 'kubernetes': pods), and it stops those idle for 'resourcemanager.taskmanager-timeout'.");

    public static final ConfigOption<Integer> MAX_TASK_EXECUTORS = ConfigOption.key("resourcemanager.max-task-executors")
            .intType().defaultValue(16)
            .validate("an integer in [1, 10000]", Ranges.intBetween(1, 10_000))
            .withDescription("At most this many TaskExecutors started by the resource provider run or are being "
                    + "started at once (TaskExecutors started by someone else do not count). Ignored by 'standalone'.");

    public static final ConfigOption<Duration> TASK_EXECUTOR_IDLE_TIMEOUT = ConfigOption
            .key("resourcemanager.taskmanager-timeout")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A TaskExecutor started by the resource provider whose slots have all been free for this "
                    + "long is stopped, unless the jobs' declared slots still need it or a job is restoring (its "
                    + "JobMaster is gone and may come back). Ignored by 'standalone'.");

    public static final ConfigOption<Duration> TASK_EXECUTOR_REGISTRATION_TIMEOUT = ConfigOption
            .key("resourcemanager.taskmanager-registration.timeout")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A TaskExecutor the resource provider started that has not registered within this long "
                    + "is stopped and counted as a failed start; another is requested after the retry interval.");

    public static final ConfigOption<Duration> START_WORKER_RETRY_INTERVAL = ConfigOption
            .key("resourcemanager.start-worker.retry-interval")
            .durationType().defaultValue(Duration.ofSeconds(3))
            .validate("a positive duration", Ranges.positive())
            .withDescription("After a failed start or a crash of a TaskExecutor started by the resource provider, no "
                    + "new one is requested for this long; the wait doubles with every further failure in a row, up to "
                    + "'resourcemanager.start-worker.max-retry-interval', and is reset when a started TaskExecutor "
                    + "registers.");

    public static final ConfigOption<Duration> START_WORKER_MAX_RETRY_INTERVAL = ConfigOption
            .key("resourcemanager.start-worker.max-retry-interval")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .validate("a positive duration", Ranges.positive())
            .withDescription("The longest wait between failed TaskExecutor starts (see "
                    + "'resourcemanager.start-worker.retry-interval').");
}
