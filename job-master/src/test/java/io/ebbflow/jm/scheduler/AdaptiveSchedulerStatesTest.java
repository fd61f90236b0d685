package io.ebbflow.jm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.time.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scheduler's states and transitions (spec §3.1–3.2) with a fake context on a manual clock. */
class AdaptiveSchedulerStatesTest {

    private static final SchedulerSettings SETTINGS = new SchedulerSettings(Duration.ofMinutes(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(3), 2, 1);

    /** An execution is a name with its parallelism of vertex "v". */
    record Run(String name, int parallelism) {
    }

    final class Fake implements SchedulerServices<Run> {
        final ManualTime time = new ManualTime(0);
        final AdaptiveScheduler<Run> scheduler;
        final List<String> path = new ArrayList<>();
        int slots;
        int desiredSlots = 4;
        int minSlots = 1;
        Optional<Duration> backoff = Optional.of(Duration.ofSeconds(1));
        boolean checkpointing = true;
        int checkpointsTriggered;
        int withdrawn;
        int runs;
        final Set<Run> terminated = new HashSet<>();
        final Set<Run> abandoned = new HashSet<>();
        final List<Run> cancelled = new ArrayList<>();
        CreatingExecutionGraph.Creation<Run> pendingCreation;
        int pendingParallelism;
        JobStatus terminal;
        int rescales;
        int restarts;

        Fake() {
            this(SETTINGS);
        }

        Fake(SchedulerSettings settings) {
            scheduler = new AdaptiveScheduler<>("job-1", this, time, time, settings);
        }

        SchedulerState<Run, ?> current() {
            return scheduler.state();
        }

        @Override
        public void transitioned(SchedulerState<Run, ?> previous, SchedulerState<Run, ?> next) {
            path.add(next.name());
        }

        @Override
        public boolean hasDesiredResources() {
            return slots >= desiredSlots;
        }

        @Override
        public Optional<Map<String, Integer>> parallelismFromHeldSlots() {
            return slots < minSlots ? Optional.empty() : Optional.of(Map.of("v", Math.min(desiredSlots, slots)));
        }

        @Override
        public void createExecution(Map<String, Integer> parallelism, CreatingExecutionGraph.Creation<Run> callback) {
            pendingCreation = callback;
            pendingParallelism = parallelism.get("v");
        }

        /** The off-loop build finished: deploy. */
        Run deployPending() {
            Run r = new Run("run-" + (++runs), pendingParallelism);
            CreatingExecutionGraph.Creation<Run> c = pendingCreation;
            pendingCreation = null;
            c.deployed(r);
            return r;
        }

        @Override
        public Map<String, Integer> parallelismOf(Run run) {
            return Map.of("v", run.parallelism());
        }

        @Override
        public void cancel(Run run) {
            cancelled.add(run);
        }

        @Override
        public boolean hasTerminated(Run run) {
            return terminated.contains(run);
        }

        @Override
        public void abandon(Run run) {
            abandoned.add(run);
            terminated.add(run);
        }

        @Override
        public boolean hasFinished(Run run) {
            return false;
        }

        @Override
        public Optional<Duration> restartBackoff(String cause) {
            return backoff;
        }

        @Override
        public boolean checkpointing() {
            return checkpointing;
        }

        @Override
        public void triggerCheckpointForRescale() {
            checkpointsTriggered++;
        }

        @Override
        public void withdrawCheckpointForRescale() {
            withdrawn++;
        }

        @Override
        public void abortPendingCheckpoint(String reason) {
        }

        @Override
        public void restartBegins(boolean rescale, String cause, Map<String, Integer> before, long dueSince) {
            if (rescale) {
                rescales++;
            } else {
                restarts++;
            }
        }

        @Override
        public void executionDeployed(Map<String, Integer> parallelism) {
        }

        @Override
        public void jobTerminated(JobStatus status, String cause) {
            terminal = status;
        }

        void start() {
            scheduler.startScheduling();
        }
    }

    private final Fake f = new Fake();

    /** Starts the job with {@code slots} slots held and returns its running execution. */
    private Run running(int slots) {
        f.slots = slots;
        f.start();
        f.time.advance(10_000);
        assertThat(f.current()).isInstanceOf(CreatingExecutionGraph.class);
        Run r = f.deployPending();
        assertThat(f.current()).isInstanceOf(Executing.class);
        return r;
    }

    @Test
    void startsAtOnceWithDesiredResources() {
        f.slots = 4;
        f.start();
        assertThat(f.path).containsExactly("WaitingForResources", "CreatingExecutionGraph");
        Run r = f.deployPending();
        assertThat(r.parallelism()).isEqualTo(4);
        assertThat(f.current().name()).isEqualTo("Executing");
        assertThat(f.current().jobStatus()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void withSufficientResourcesStartsAfterStabilizationAndWithTooFewFailsAtTheResourceWaitTimeout() {
        f.slots = 2;
        f.start();
        f.time.advance(9_999);
        assertThat(f.current()).isInstanceOf(WaitingForResources.class);
        f.time.advance(1);
        assertThat(f.current()).isInstanceOf(CreatingExecutionGraph.class);
        assertThat(f.pendingParallelism).isEqualTo(2);

        Fake g = new Fake();
        g.slots = 0;
        g.start();
        g.time.advance(Duration.ofMinutes(5).toMillis());
        assertThat(g.path).containsExactly("WaitingForResources", "CreatingExecutionGraph", "Finished");
        assertThat(g.terminal).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void slotsGoneDuringCreationGoBackToWaiting() {
        f.slots = 4;
        f.start();
        f.slots = 2; // a TaskExecutor left while the plan was built
        f.pendingCreation.slotsGone("a TaskExecutor left");
        assertThat(f.current()).isInstanceOf(WaitingForResources.class);
    }

    @Test
    void aFailureRestartsThroughTheStrategyAndWaitsForTheOldExecutionToEnd() {
        Run r = running(4);
        f.current().onFailure("boom");
        assertThat(f.current()).isInstanceOf(Restarting.class);
        assertThat(f.current().jobStatus()).isEqualTo(JobStatus.RESTARTING);
        assertThat(f.cancelled).containsExactly(r);
        assertThat(f.restarts).isEqualTo(1);
        f.current().onFailure("again"); // ignored while restarting
        f.time.advance(1_000);
        assertThat(f.current()).as("subtasks still running").isInstanceOf(Restarting.class);
        f.terminated.add(r);
        f.time.advance(50);
        // A failure restart goes through WaitingForResources (which, holding the desired slots, moves on at once).
        assertThat(f.path.subList(f.path.indexOf("Restarting"), f.path.size()))
                .containsExactly("Restarting", "WaitingForResources", "CreatingExecutionGraph");
        assertThat(f.restarts).isEqualTo(1);
    }

    @Test
    void subtasksThatNeverReportTheirEndAreAbandonedAfterThirtySecondsSoTheirSlotsCanBeUsedAgain() {
        Run r = running(4);
        f.current().onFailure("a restore failed");
        f.time.advance(1_000 + 29_950); // the backoff, then almost the 30 s of patience
        assertThat(f.current()).as("still waiting for the old execution").isInstanceOf(Restarting.class);
        assertThat(f.abandoned).isEmpty();

        f.time.advance(100);

        assertThat(f.abandoned).containsExactly(r);
        assertThat(f.path.subList(f.path.indexOf("Restarting"), f.path.size()))
                .containsExactly("Restarting", "WaitingForResources", "CreatingExecutionGraph");
    }

    @Test
    void aBuildThatFailedForAReasonThatMayPassBacksOffAndTriesAgainAsTheRestartStrategyAllows() {
        f.slots = 4;
        f.start();
        f.pendingCreation.failed(new IllegalStateException("the brokers did not answer"), true);
        assertThat(f.current()).isInstanceOf(BackingOff.class);
        assertThat(f.current().jobStatus()).isEqualTo(JobStatus.RESTARTING);
        assertThat(f.restarts).isEqualTo(1);

        f.time.advance(999);
        assertThat(f.current()).as("within the backoff").isInstanceOf(BackingOff.class);
        f.time.advance(1);
        assertThat(f.path.subList(f.path.indexOf("BackingOff"), f.path.size()))
                .containsExactly("BackingOff", "WaitingForResources", "CreatingExecutionGraph");

        // Once the strategy is exhausted, the same failure fails the job.
        f.backoff = Optional.empty();
        f.pendingCreation.failed(new IllegalStateException("the brokers did not answer"), true);
        assertThat(f.terminal).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void aBuildThatFailedForAReasonInTheJobFailsItAtOnceAndBackingOffCanBeCancelled() {
        f.slots = 4;
        f.start();
        f.pendingCreation.failed(new IllegalArgumentException("parallelism 9 is outside [1, 8]"), false);
        assertThat(f.terminal).isEqualTo(JobStatus.FAILED);
        assertThat(f.restarts).isZero();

        Fake g = new Fake();
        g.slots = 4;
        g.start();
        g.pendingCreation.failed(new IllegalStateException("the brokers did not answer"), true);
        g.scheduler.cancel();
        assertThat(g.terminal).isEqualTo(JobStatus.CANCELED);
        g.time.advance(5_000);
        assertThat(g.current()).isInstanceOf(Finished.class);
    }

    @Test
    void anExhaustedStrategyFailsTheJob() {
        Run r = running(4);
        f.backoff = Optional.empty();
        f.current().onFailure("boom");
        assertThat(f.current()).isInstanceOf(Failing.class);
        f.terminated.add(r);
        f.time.advance(50);
        assertThat(f.terminal).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void newSlotsRescaleAfterTheCooldownRightAfterACheckpointTheSchedulerAskedFor() {
        // A long trigger delay: the rescale waits for a checkpoint, which the scheduler asks for itself.
        SchedulerSettings settings = new SchedulerSettings(Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(10), 2, 1);
        f.desiredSlots = 4;
        f.slots = 2;
        Run r = new Run("run-1", 2);
        f.scheduler.transitionTo(new Executing<>(f.scheduler, r, settings));
        f.slots = 4;
        f.current().onNewResources();
        assertThat(f.checkpointsTriggered).as("no rescale checkpoint during the cooldown").isZero();
        f.time.advance(30_000);
        assertThat(f.current().transitionManager().phase()).as("due").isEqualTo(StateTransitionManager.Phase.TRANSITIONING);
        assertThat(f.checkpointsTriggered).as("asked for as soon as the cooldown ends").isEqualTo(1);
        assertThat(f.current()).as("waits for its checkpoint").isInstanceOf(Executing.class);
        f.current().onCheckpointCompleted(true);
        assertThat(f.current()).isInstanceOf(Restarting.class);
        assertThat(((Restarting<Run>) f.current()).isRescale()).isTrue();
        assertThat(f.rescales).isEqualTo(1);
        assertThat(f.restarts).as("a rescale uses no restart attempt").isZero();
        f.terminated.add(r);
        f.time.advance(50);
        assertThat(f.current()).as("a rescale goes straight to creating").isInstanceOf(CreatingExecutionGraph.class);
        assertThat(f.deployPending().parallelism()).isEqualTo(4);
    }

    @Test
    void aDueRescaleDoesNotStartFromACheckpointWhoseSourcesDidNotPause() {
        SchedulerSettings settings = new SchedulerSettings(Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(10), 2, 1);
        f.desiredSlots = 4;
        f.slots = 2;
        f.scheduler.transitionTo(new Executing<>(f.scheduler, new Run("run-1", 2), settings));
        f.slots = 4;
        f.current().onNewResources();
        f.time.advance(30_000);
        assertThat(f.checkpointsTriggered).isEqualTo(1);
        // A periodic checkpoint that was under way completes: the rescale waits for its own (the coordinator still
        // has the request), however long the trigger delay.
        f.current().onCheckpointCompleted(false);
        f.time.advance(Duration.ofMinutes(5).toMillis());
        assertThat(f.current()).isInstanceOf(Executing.class);
        f.current().onCheckpointCompleted(true);
        assertThat(f.current()).isInstanceOf(Restarting.class);
        assertThat(f.rescales).isEqualTo(1);
        assertThat(f.withdrawn).as("no checkpoint is wanted once the rescale happens").isEqualTo(1);
    }

    @Test
    void checkpointsThatKeepFailingStillLetADueRescaleHappen() {
        SchedulerSettings settings = new SchedulerSettings(Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ZERO, Duration.ofSeconds(60), Duration.ofMinutes(10), 2, 1);
        f.desiredSlots = 4;
        f.slots = 2;
        f.scheduler.transitionTo(new Executing<>(f.scheduler, new Run("run-1", 2), settings));
        f.slots = 4;
        f.current().onNewResources();
        f.time.runDue();
        assertThat(f.checkpointsTriggered).isEqualTo(1);
        f.current().onCheckpointFailed();
        assertThat(f.current()).isInstanceOf(Executing.class);
        assertThat(f.checkpointsTriggered).as("asked for again").isEqualTo(2);
        f.current().onCheckpointFailed();
        assertThat(f.current()).isInstanceOf(Restarting.class);
    }

    @Test
    void aScaleUpSmallerThanMinParallelismIncreaseWaitsButAnyDecreaseCounts() {
        SchedulerSettings strict = new SchedulerSettings(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(60), Duration.ZERO, 2, 2);
        f.slots = 2;
        f.desiredSlots = 8;
        Executing<Run> executing = new Executing<>(f.scheduler, new Run("run-x", 2), strict);
        f.scheduler.transitionTo(executing);
        f.time.runDue();
        f.slots = 3;
        f.current().onNewResources();
        f.time.advance(120_000);
        assertThat(f.current()).isSameAs(executing);
        assertThat(f.rescales).isZero();
        f.slots = 1;
        f.current().onNewResources();
        f.time.advance(120_000);
        assertThat(f.rescales).isEqualTo(1);
        assertThat(f.path).contains("Restarting");
    }

    @Test
    void aCleanDepartureRescalesRightAfterItsCheckpointWithoutARestartAttempt() {
        running(4);
        f.current().onResourcesLeaving("te-2 (shutting down)");
        assertThat(f.checkpointsTriggered).isEqualTo(1);
        assertThat(f.current()).as("waits for the checkpoint, whatever the cooldown").isInstanceOf(Executing.class);
        f.current().onCheckpointCompleted(true);
        assertThat(f.current()).isInstanceOf(Restarting.class);
        assertThat(((Restarting<Run>) f.current()).isRescale()).isTrue();
        assertThat(f.restarts).isZero();

        Fake g = new Fake();
        g.slots = 4;
        g.start();
        g.deployPending();
        g.current().onResourcesLeaving("te-2 (shutting down)");
        g.time.advance(5_000);
        assertThat(g.current()).as("no checkpoint within 5 s: rescale from the latest").isInstanceOf(Restarting.class);

        Fake h = new Fake();
        h.checkpointing = false;
        h.slots = 4;
        h.start();
        h.deployPending();
        h.current().onResourcesLeaving("te-2 (shutting down)");
        assertThat(h.current()).as("without checkpointing: at once").isInstanceOf(Restarting.class);
    }

    @Test
    void cancelAndStopWithSavepoint() {
        Run r = running(4);
        f.current().cancel();
        assertThat(f.current()).isInstanceOf(Canceling.class);
        f.terminated.add(r);
        f.time.advance(50);
        assertThat(f.terminal).isEqualTo(JobStatus.CANCELED);

        Fake g = new Fake();
        g.slots = 4;
        g.start();
        Run s = g.deployPending();
        assertThat(g.scheduler.stopWithSavepoint()).isTrue();
        assertThat(g.current()).isInstanceOf(StopWithSavepoint.class);
        g.current().onStopSavepoint(null, "declined");
        assertThat(g.current()).as("a failed savepoint goes back to executing").isInstanceOf(Executing.class);
        assertThat(g.scheduler.stopWithSavepoint()).isTrue();
        g.current().onStopSavepoint("/savepoints/sp-1", null);
        g.terminated.add(s);
        g.time.advance(50);
        assertThat(g.terminal).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void timersOfAStateThatWasLeftNeverFire() {
        f.slots = 0;
        f.start(); // arms the 5 min resource-wait timer
        SchedulerState<Run, ?> waiting = f.current();
        f.slots = 4;
        waiting.onNewResources();
        assertThat(f.current()).isInstanceOf(CreatingExecutionGraph.class);
        f.deployPending();
        f.time.advance(Duration.ofMinutes(10).toMillis());
        assertThat(f.current()).isInstanceOf(Executing.class);
        assertThat(f.path).containsExactly("WaitingForResources", "CreatingExecutionGraph", "Executing");
    }

    @Test
    void eventsAStateDoesNotHandleChangeNothingAndOnlyARunningJobStopsWithASavepoint() {
        f.slots = 0;
        assertThat(f.current()).isInstanceOf(Created.class);
        f.scheduler.onNewResources(); // before scheduling starts: ignored
        assertThat(f.path).isEmpty();
        f.start();
        SchedulerState<Run, ?> waiting = f.current();
        f.scheduler.onFailure("late failure of an old run");
        f.scheduler.onCheckpointCompleted(true);
        f.scheduler.onExecutionStateChange();
        f.scheduler.onStopSavepoint("/sp", null);
        assertThat(f.current()).isSameAs(waiting);
        assertThat(f.scheduler.stopWithSavepoint()).as("not running").isFalse();
        assertThat(f.path).containsExactly("WaitingForResources");
        f.scheduler.cancel();
        assertThat(f.terminal).isEqualTo(JobStatus.CANCELED);
        f.scheduler.cancel(); // terminal: ignored
        assertThat(f.path).containsExactly("WaitingForResources", "Finished");
    }
}
