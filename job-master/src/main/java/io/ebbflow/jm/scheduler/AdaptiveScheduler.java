package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Adaptive Scheduler of one job: it owns the current {@link SchedulerState}, is the context of every
 * state (each sees it only through its own narrow {@code Context}), and is the one place transitions happen
 * ({@link #transitionTo}). Inbound events go to the current state; timers belong to the state that armed
 * them and are cancelled when it is left; an event or timer a state does not handle is logged once at DEBUG
 * and dropped. What the scheduler acts on comes from {@link SchedulerServices}.
 *
 * <p>Single-threaded: the JobMaster's event loop.
 *
 * @param <R> a running execution of the job
 */
public final class AdaptiveScheduler<R> implements Created.Context<R>, WaitingForResources.Context<R>,
        CreatingExecutionGraph.Context<R>, Executing.Context<R>, Restarting.Context<R>, BackingOff.Context<R>,
        StopWithSavepoint.Context<R>, Failing.Context<R>, Canceling.Context<R>, Finished.Context<R> {

    private static final Logger LOG = LoggerFactory.getLogger(AdaptiveScheduler.class);

    private final String jobId;
    private final SchedulerServices<R> services;
    private final Clock clock;
    private final Timers timers;
    private final SchedulerSettings settings;
    private SchedulerState<R, ?> state;
    private final List<Cancellable> stateTimers = new ArrayList<>();
    private final Set<String> ignoredInState = new HashSet<>();

    public AdaptiveScheduler(String jobId, SchedulerServices<R> services, Clock clock, Timers timers,
            SchedulerSettings settings) {
        this.jobId = jobId;
        this.services = services;
        this.clock = clock;
        this.timers = timers;
        this.settings = settings;
        this.state = new Created<>(this);
    }

    /** The current state. */
    public SchedulerState<R, ?> state() {
        return state;
    }

    /** Leaves the current state for {@code next}: the old state's timers are cancelled, then {@code next} is entered. */
    public void transitionTo(SchedulerState<R, ?> next) {
        SchedulerState<R, ?> previous = state;
        previous.onLeave();
        stateTimers.forEach(Cancellable::cancel);
        stateTimers.clear();
        ignoredInState.clear();
        state = next;
        LOG.info("Job {}: {} -> {}", jobId, previous.name(), next.name());
        services.transitioned(previous, next);
        next.onEnter();
    }

    // ---- inbound events, for the current state

    public void startScheduling() {
        state.startScheduling();
    }

    public void onNewResources() {
        state.onNewResources();
    }

    public void onNewRequirements() {
        state.onNewRequirements();
    }

    public void onFailure(String cause) {
        state.onFailure(cause);
    }

    public void onExecutionStateChange() {
        state.onExecutionStateChange();
    }

    public void onCheckpointCompleted(boolean sourcesPaused) {
        state.onCheckpointCompleted(sourcesPaused);
    }

    public void onCheckpointFailed() {
        state.onCheckpointFailed();
    }

    public void onResourcesLeaving(String why) {
        state.onResourcesLeaving(why);
    }

    public void cancel() {
        state.cancel();
    }

    /** Stops the job with a savepoint if it runs; false if the current state cannot. */
    public boolean stopWithSavepoint() {
        return state.stopWithSavepoint();
    }

    public void onStopSavepoint(String location, String failure) {
        state.onStopSavepoint(location, failure);
    }

    // ---- StateContext

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public long now() {
        return clock.millis();
    }

    @Override
    public Cancellable runIfState(SchedulerState<R, ?> owner, Duration delay, Runnable action) {
        Cancellable[] self = new Cancellable[1];
        self[0] = timers.schedule(delay, () -> {
            stateTimers.remove(self[0]);
            if (state == owner) {
                action.run();
            } else {
                LOG.debug("Job {}: a timer of {} fired in {}; dropped", jobId, owner.name(), state.name());
            }
        });
        if (state == owner) {
            stateTimers.add(self[0]);
        }
        return self[0];
    }

    @Override
    public boolean isCurrent(SchedulerState<R, ?> candidate) {
        return state == candidate;
    }

    @Override
    public void ignored(SchedulerState<R, ?> in, String event) {
        if (ignoredInState.add(event)) {
            LOG.debug("Job {}: {} ignores {}", jobId, in.name(), event);
        }
    }

    // ---- transitions

    @Override
    public void goToWaitingForResources() {
        transitionTo(new WaitingForResources<>(this, settings));
    }

    @Override
    public void goToCreatingExecutionGraph() {
        transitionTo(new CreatingExecutionGraph<>(this));
    }

    @Override
    public void goToExecuting(R run) {
        transitionTo(new Executing<>(this, run, settings));
    }

    @Override
    public void goToRestarting(R run, boolean rescale, Duration backoff) {
        transitionTo(new Restarting<>(this, run, rescale, backoff));
    }

    @Override
    public void goToBackingOff(Duration backoff) {
        transitionTo(new BackingOff<>(this, backoff));
    }

    @Override
    public void goToFailing(R run, String cause) {
        transitionTo(new Failing<>(this, run, cause));
    }

    @Override
    public void goToCanceling(R run) {
        transitionTo(new Canceling<>(this, run));
    }

    @Override
    public void goToStopWithSavepoint(R run) {
        transitionTo(new StopWithSavepoint<>(this, run));
    }

    @Override
    public void goToFinished(JobStatus status, String cause) {
        transitionTo(new Finished<>(this, status, cause));
    }

    // ---- services, as the states' contexts name them

    @Override
    public boolean hasDesiredResources() {
        return services.hasDesiredResources();
    }

    @Override
    public Optional<Map<String, Integer>> parallelismFromHeldSlots() {
        return services.parallelismFromHeldSlots();
    }

    @Override
    public void createExecution(Map<String, Integer> parallelism, CreatingExecutionGraph.Creation<R> callback) {
        services.createExecution(parallelism, callback);
    }

    @Override
    public Map<String, Integer> parallelismOf(R run) {
        return services.parallelismOf(run);
    }

    @Override
    public void cancel(R run) {
        services.cancel(run);
    }

    @Override
    public boolean hasTerminated(R run) {
        return services.hasTerminated(run);
    }

    @Override
    public void abandon(R run) {
        services.abandon(run);
    }

    @Override
    public boolean hasFinished(R run) {
        return services.hasFinished(run);
    }

    @Override
    public Optional<Duration> restartBackoff(String cause) {
        return services.restartBackoff(cause);
    }

    @Override
    public boolean checkpointing() {
        return services.checkpointing();
    }

    @Override
    public void triggerCheckpointForRescale() {
        services.triggerCheckpointForRescale();
    }

    @Override
    public void withdrawCheckpointForRescale() {
        services.withdrawCheckpointForRescale();
    }

    @Override
    public void abortPendingCheckpoint(String reason) {
        services.abortPendingCheckpoint(reason);
    }

    @Override
    public void restartBegins(boolean rescale, String cause, Map<String, Integer> before, long dueSince) {
        services.restartBegins(rescale, cause, before, dueSince);
    }

    @Override
    public void executionDeployed(Map<String, Integer> parallelism) {
        services.executionDeployed(parallelism);
    }

    @Override
    public void jobTerminated(JobStatus status, String cause) {
        services.jobTerminated(status, cause);
    }
}
