package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import java.time.Duration;

/**
 * The transitions of the Adaptive Scheduler, one interface each. A state's {@code Context} extends exactly
 * the ones it may take; {@link AdaptiveScheduler} implements them all and creates the next state.
 */
public final class StateTransitions {

    private StateTransitions() {
    }

    /** To {@link WaitingForResources}. */
    public interface ToWaitingForResources {
        void goToWaitingForResources();
    }

    /** To {@link CreatingExecutionGraph}. */
    public interface ToCreatingExecutionGraph {
        void goToCreatingExecutionGraph();
    }

    /** To {@link Executing}, running {@code run}. */
    public interface ToExecuting<R> {
        void goToExecuting(R run);
    }

    /** To {@link Restarting}: {@code run} is cancelled; a rescale skips waiting for resources. */
    public interface ToRestarting<R> {
        void goToRestarting(R run, boolean rescale, Duration backoff);
    }

    /** To {@link BackingOff}: building the execution failed for a reason that may pass; try again after {@code backoff}. */
    public interface ToBackingOff {
        void goToBackingOff(Duration backoff);
    }

    /** To {@link Failing}: the job cannot restart. */
    public interface ToFailing<R> {
        void goToFailing(R run, String cause);
    }

    /** To {@link Canceling}: the user cancelled the job. */
    public interface ToCanceling<R> {
        void goToCanceling(R run);
    }

    /** To {@link StopWithSavepoint}. */
    public interface ToStopWithSavepoint<R> {
        void goToStopWithSavepoint(R run);
    }

    /** To {@link Finished}, the terminal state. */
    public interface ToFinished {
        void goToFinished(JobStatus status, String cause);
    }
}
