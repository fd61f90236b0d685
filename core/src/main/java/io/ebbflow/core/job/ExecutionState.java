package io.ebbflow.core.job;

/**
 * The state of one subtask execution (and, summarised, of a vertex), with Flink's names: it is
 * {@link #DEPLOYING} from the moment its JobMaster sends it until its TaskExecutor reports it
 * {@link #RUNNING}, and ends {@link #FINISHED} (a bounded input ended), {@link #CANCELED} or {@link #FAILED}.
 * {@link #CREATED} names a vertex with no execution yet, {@link #CANCELING} one being cancelled.
 */
public enum ExecutionState {
    CREATED,
    DEPLOYING,
    RUNNING,
    FINISHED,
    CANCELING,
    CANCELED,
    FAILED;

    /** Whether the execution has ended (it will report nothing more). */
    public boolean isTerminal() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }

    /** Whether a TaskExecutor may report this state of a subtask (it never reports the JobMaster's own states). */
    public boolean isReportable() {
        return this == RUNNING || isTerminal();
    }
}
