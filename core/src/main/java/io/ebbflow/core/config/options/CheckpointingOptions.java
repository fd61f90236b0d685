package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** Checkpoints and savepoints (Flink's keys and defaults). */
public final class CheckpointingOptions {

    private CheckpointingOptions() {
    }

    public static final ConfigOption<Duration> INTERVAL = ConfigOption.key("execution.checkpointing.interval")
            .durationType().derivedDefault("(none): checkpointing is off")
            .validate("a duration of at least 10 ms", d -> d.toMillis() >= 10 ? null
                    : "expected a duration of at least 10 ms, got " + d.toMillis() + " ms")
            .withDescription("Take a checkpoint this often. Unset, jobs take none (a job's own "
                    + "enableCheckpointing(ms) wins over this). A job restarts from its latest checkpoint after a failure "
                    + "or a rescale.");

    public static final ConfigOption<Duration> TIMEOUT = ConfigOption.key("execution.checkpointing.timeout")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A checkpoint not complete after this long is abandoned (and counts as failed).");

    public static final ConfigOption<Duration> MIN_PAUSE = ConfigOption.key("execution.checkpointing.min-pause")
            .durationType().defaultValue(Duration.ZERO)
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("The least time between the end of one checkpoint and the start of the next.");

    public static final ConfigOption<Integer> TOLERABLE_FAILURES = ConfigOption
            .key("execution.checkpointing.tolerable-failed-checkpoints")
            .intType().defaultValue(0)
            .validate("an integer >= 0", Ranges.intAtLeast(0))
            .withDescription("Consecutive failed checkpoints tolerated; one more fails the job (which then restarts "
                    + "under its restart strategy).");

    public static final ConfigOption<String> CHECKPOINTS_DIRECTORY = ConfigOption.key("state.checkpoints.dir")
            .stringType().defaultValue("checkpoints")
            .validate("a directory path", Ranges.notBlank())
            .withDescription("Where checkpoints go: <dir>/<job id>/chk-<n>/ with a _metadata file and a state file per "
                    + "subtask. A relative path is under the working directory of the JobMaster and the TaskExecutors, "
                    + "which must see the same directory (they do on one machine). s3://bucket/prefix keeps them in "
                    + "S3-compatible storage (see the s3.* options): subtasks upload their state files, the JobMaster "
                    + "writes _metadata last.");

    public static final ConfigOption<String> SAVEPOINTS_DIRECTORY = ConfigOption.key("state.savepoints.dir")
            .stringType().defaultValue("savepoints")
            .validate("a directory path", Ranges.notBlank())
            .withDescription("Default target of savepoints: <dir>/savepoint-<job id>-<n>/; s3://bucket/prefix for "
                    + "S3-compatible storage.");

    public static final ConfigOption<Integer> NUM_RETAINED = ConfigOption.key("state.checkpoints.num-retained")
            .intType().defaultValue(2)
            .validate("an integer >= 1", Ranges.intAtLeast(1))
            .withDescription("Completed checkpoints kept; older ones are deleted. With more than one, a corrupt latest "
                    + "checkpoint is skipped in favour of the one before it (Flink keeps 1; we keep 2 so that one bad "
                    + "file does not leave a job without state).");

    public static final ConfigOption<Boolean> ALLOW_EMPTY_STATE = ConfigOption
            .key("execution.state-recovery.allow-empty-state")
            .booleanType().defaultValue(false)
            .withDescription("Whether a job whose checkpoints all turned out unreadable (corrupt or missing files) may "
                    + "start again from empty state, its sources from the beginning. By default it FAILS instead, with "
                    + "an error naming the files: state is never dropped without being asked.");

    public static final ConfigOption<String> FROM_SAVEPOINT = ConfigOption.key("execution.savepoint.path")
            .stringType().derivedDefault("(none)")
            .validate("a path", Ranges.notBlank())
            .withDescription("Start the job from this savepoint or retained checkpoint (its directory or _metadata), "
                    + "at any parallelism; the job-master's --from-savepoint flag sets it.");

    /** What becomes of a job's checkpoints when it ends (Flink's values). */
    public enum ExternalizedCheckpointRetention {
        /** Kept when the job is cancelled or fails; deleted when it finishes. */
        RETAIN_ON_CANCELLATION,
        /** Deleted when the job is cancelled or finishes; kept when it fails. */
        DELETE_ON_CANCELLATION,
        /** Deleted whenever the job ends. */
        NO_EXTERNALIZED_CHECKPOINTS;

        /** Whether a job that ended with {@code status} keeps its checkpoints. */
        public boolean retains(io.ebbflow.core.job.JobStatus status) {
            return switch (status) {
                case FAILED -> this != NO_EXTERNALIZED_CHECKPOINTS;
                case CANCELED -> this == RETAIN_ON_CANCELLATION;
                default -> false;
            };
        }
    }

    public static final ConfigOption<ExternalizedCheckpointRetention> EXTERNALIZED_RETENTION = ConfigOption
            .key("execution.checkpointing.externalized-checkpoint-retention")
            .enumType(ExternalizedCheckpointRetention.class).defaultValue(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION)
            .withDescription("What becomes of a job's retained checkpoints when it ends: RETAIN_ON_CANCELLATION keeps "
                    + "them when it is cancelled or fails (resume with execution.savepoint.path), DELETE_ON_CANCELLATION "
                    + "keeps them only when it fails, NO_EXTERNALIZED_CHECKPOINTS never. A FINISHED job's are deleted. "
                    + "Flink's default is NO_EXTERNALIZED_CHECKPOINTS; we keep state unless told otherwise. Savepoints "
                    + "are never deleted.");
}
