package io.ebbflow.core.job;

/**
 * A job's status, with Flink's names and meaning (they are what {@code GET /jobs/:id} shows as {@code state}).
 * {@link #INITIALIZING} until scheduling starts, {@link #CREATED} while waiting for slots or building an
 * execution, {@link #RUNNING}, {@link #RESTARTING} during a restart or rescale, {@link #FAILING} and
 * {@link #CANCELLING} on the way to their terminal states; {@link #SUSPENDED} is shown for a job whose
 * JobMaster is gone without it having ended.
 */
public enum JobStatus {
    INITIALIZING,
    CREATED,
    RUNNING,
    FAILING,
    FAILED,
    CANCELLING,
    CANCELED,
    FINISHED,
    RESTARTING,
    SUSPENDED,
    RECONCILING;

    /** Whether the job has ended for good: it will not run again (FINISHED, CANCELED, FAILED). */
    public boolean isGloballyTerminal() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }
}
