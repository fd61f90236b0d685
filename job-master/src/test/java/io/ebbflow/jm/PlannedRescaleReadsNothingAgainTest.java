package io.ebbflow.jm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.jm.execution.RescaleHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.ebbflow.jm.scheduler.SchedulerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A planned rescale restores exactly where its sources stopped: they pause at the barrier of the checkpoint taken for
 * the rescale, so the new execution reads nothing again. Driven on a manual clock through the real scheduler and
 * checkpoint coordinator ({@link CheckpointedJobHarness}); the count of records read again is the one the rescale
 * history shows ({@code reprocessedRecords} in {@code GET /jobs/:id/rescales/history}).
 */
class PlannedRescaleReadsNothingAgainTest {

    @TempDir
    Path dir;
    CheckpointedJobHarness job;

    @AfterEach
    void close() {
        if (job != null) {
            job.close();
        }
    }

    /**
     * The reported race: a TaskExecutor joins during the cooldown; when the cooldown ends the scale-up is due while a
     * periodic checkpoint is in flight (its acknowledgements held back). Its completion must not count as the
     * rescale's checkpoint, and the rescale must not go ahead without one.
     */
    @ParameterizedTest(name = "checkpoints every {0} ms")
    @ValueSource(longs = {1_000, 2_000, 10_000})
    void aScaleUpDueWhileAPeriodicCheckpointIsInFlightReadsNothingAgain(long intervalMillis) throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofMillis(intervalMillis)));
        job.start(1);
        job.advance(10_000);
        job.slots(2); // a TaskExecutor joins during the cooldown
        holdPeriodicCheckpointAcross(job.executingSince + 30_000, intervalMillis);
        job.advance(3_000);

        assertThat(job.parallelism()).isEqualTo(2);
        assertReadNothingAgain(onlyRescale());
    }

    /**
     * Sufficient but not all desired slots: the scale-up is due when the stabilization timeout ends, long after the
     * change; again while a periodic checkpoint is in flight.
     */
    @ParameterizedTest(name = "checkpoints every {0} ms")
    @ValueSource(longs = {1_000, 2_000, 10_000})
    void aScaleUpDueAtTheStabilizationTimeoutReadsNothingAgain(long intervalMillis) throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofMillis(intervalMillis)));
        job.desiredSlots = 3;
        job.start(1);
        job.advance(40_000); // past the cooldown: the change starts the stabilization at once
        long change = job.time.millis();
        job.slots(2);
        holdPeriodicCheckpointAcross(change + 60_000, intervalMillis);
        job.advance(3_000);

        assertThat(job.parallelism()).isEqualTo(2);
        assertReadNothingAgain(onlyRescale());
    }

    /** A TaskExecutor leaves cleanly (SIGTERM) while a periodic checkpoint is in flight. */
    @ParameterizedTest(name = "checkpoints every {0} ms")
    @ValueSource(longs = {1_000, 2_000, 10_000})
    void aCleanDepartureWhileAPeriodicCheckpointIsInFlightReadsNothingAgain(long intervalMillis) throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofMillis(intervalMillis)));
        job.start(2);
        job.advance(intervalMillis * 2 - 300);
        job.holdAcks = true;
        job.advance(400); // a periodic checkpoint is triggered and held
        assertThat(job.heldBarriers().values()).containsExactly(false);
        job.taskExecutorLeaves(1);
        job.advance(300);
        job.holdAcks = false;
        job.releaseAcks();
        job.advance(1_000);

        assertThat(job.parallelism()).isEqualTo(1);
        assertReadNothingAgain(onlyRescale());
    }

    /** A scale-down over {@code PUT /jobs/:id/resource-requirements} (adaptive mode: it follows the requirement). */
    @ParameterizedTest(name = "checkpoints every {0} ms")
    @ValueSource(longs = {1_000, 2_000, 10_000})
    void aScaleDownByNewRequirementsReadsNothingAgain(long intervalMillis) throws Exception {
        Duration interval = Duration.ofMillis(intervalMillis);
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(interval).withSettings(
                new SchedulerSettings(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(60),
                        interval.multipliedBy(3), 2, 1)));
        job.start(2);
        job.advance(intervalMillis + intervalMillis / 2);
        job.holdAcks = true;
        job.advance(intervalMillis); // the next periodic one is held
        job.desiredSlots(1);
        job.advance(100);
        job.holdAcks = false;
        job.releaseAcks();
        job.advance(1_000);

        assertThat(job.parallelism()).isEqualTo(1);
        assertReadNothingAgain(onlyRescale());
    }

    /**
     * A checkpoint triggered in the same turn as the rescale becomes due, its barrier not yet out: it is taken for
     * the rescale (its barrier pauses the sources), and no second one is needed.
     */
    @Test
    void aCheckpointWhoseBarrierIsNotOutYetIsUpgradedToPauseTheSources() throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofSeconds(10)));
        job.start(2);
        job.advance(500);
        job.act(() -> {
            job.checkpoints.trigger(null); // as the periodic trigger does; its directory is created off the loop
            job.slots = 1;
            job.scheduler.onResourcesLeaving("te-2 (shutting down)");
        });
        long upgraded = job.lastBarrier();
        job.advance(500);

        assertThat(job.barriersFrom(upgraded)).as("one checkpoint, its barrier pausing the sources")
                .containsExactly(Map.entry(upgraded, true));
        assertThat(job.parallelism()).isEqualTo(1);
        assertReadNothingAgain(onlyRescale());
    }

    /**
     * With a min-pause, the rescale's checkpoint waits for it; the periodic trigger meanwhile takes no checkpoint of
     * its own (it would stand in the way), and the one taken when the pause is over pauses the sources.
     */
    @Test
    void thePeriodicTriggerDuringTheMinPauseDoesNotTakeTheRescalesPlace() throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofSeconds(1))
                .withMinPause(Duration.ofMillis(1_500)));
        job.start(2);
        job.advance(1_950); // the first periodic checkpoint completed at about 1 s
        long before = job.lastBarrier();
        job.taskExecutorLeaves(1); // due within the min-pause; a periodic tick falls into it too
        job.advance(2_000);

        assertThat(job.barriersFrom(before + 1).values()).as("one checkpoint, the rescale's").containsExactly(true);
        assertThat(job.parallelism()).isEqualTo(1);
        assertReadNothingAgain(onlyRescale());
    }

    /** The rescale's checkpoint is declined: the sources read on, and the next one, which pauses them, is taken. */
    @Test
    void aDeclinedRescaleCheckpointIsTakenAgain() throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofSeconds(2)));
        job.start(2);
        job.advance(2_500);
        job.declines = 1;
        job.taskExecutorLeaves(1);
        job.advance(1_000);

        assertThat(job.parallelism()).isEqualTo(1);
        assertReadNothingAgain(onlyRescale());
    }

    /** The rescale's checkpoint expires (acknowledgements never come): the next one is taken. */
    @Test
    void anExpiredRescaleCheckpointIsTakenAgain() throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofSeconds(10))
                .withCheckpointTimeout(Duration.ofMillis(800)));
        job.start(2);
        job.advance(500);
        job.holdAcks = true;
        job.taskExecutorLeaves(1);
        long first = job.lastBarrier();
        job.advance(900); // it expires; the next one is taken at once
        assertThat(job.barriersFrom(first)).containsExactly(Map.entry(first, true), Map.entry(first + 1, true));
        job.holdAcks = false;
        job.releaseAcks();
        job.advance(1_000);

        assertThat(job.parallelism()).isEqualTo(1);
        assertReadNothingAgain(onlyRescale());
    }

    /**
     * When the rescale's checkpoints keep failing, the rescale still happens (after the allowed failures) from the
     * latest checkpoint, and the rescale history says honestly what was read again.
     */
    @Test
    void whenEveryRescaleCheckpointFailsTheRescaleHappensAndCountsWhatIsReadAgain() throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofSeconds(10)));
        job.start(2);
        job.advance(10_500); // one periodic checkpoint completed at about 10 s
        job.declines = 2;
        job.taskExecutorLeaves(1);
        job.advance(1_000);

        assertThat(job.parallelism()).isEqualTo(1);
        RescaleHistory.Entry rescale = onlyRescale();
        assertThat(rescale.reprocessed()).as("%s", rescale)
                .isEqualTo(2 * CheckpointedJobHarness.RECORDS_PER_MS * 600); // 2 sources, 600 ms after checkpoint 1
        assertThat(rescale.unknownSources()).isZero();
    }

    /**
     * A rescale becomes due while the execution of the one before is still being deployed: its checkpoint is taken
     * once that execution runs, and both rescales read nothing again.
     */
    @Test
    void aRescaleDueWhileTheLastOneIsStillDeployingReadsNothingAgain() throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofSeconds(2)).withSettings(
                new SchedulerSettings(Duration.ofMillis(-1), Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ofSeconds(6), 2, 1)));
        job.desiredSlots = 3;
        job.start(1);
        job.advance(2_500);
        job.slots(2);
        job.advance(100);
        assertThat(job.state()).isEqualTo("Executing");
        assertThat(job.parallelism()).isEqualTo(2);
        job.slots(3); // the new execution is not running yet
        job.advance(1_000);

        assertThat(job.parallelism()).isEqualTo(3);
        List<RescaleHistory.Entry> entries = job.rescales();
        assertThat(entries).as("%s", entries).hasSize(2).allSatisfy(this::assertReadNothingAgain);
    }

    /**
     * Lets the periodic checkpoint triggered in the last interval before {@code dueAt} stay in flight (its
     * acknowledgements held) until shortly after the rescale became due, then lets it complete.
     */
    private void holdPeriodicCheckpointAcross(long dueAt, long intervalMillis) {
        job.advance(dueAt - intervalMillis - 50 - job.time.millis());
        job.holdAcks = true;
        job.advance(intervalMillis + 50 + 200);
        assertThat(job.heldBarriers().values()).as("a periodic checkpoint is in flight as the rescale becomes due")
                .containsExactly(false);
        assertThat(job.state()).as("the rescale waits for its own checkpoint").isEqualTo("Executing");
        job.holdAcks = false;
        job.releaseAcks();
    }

    private void assertReadNothingAgain(RescaleHistory.Entry rescale) {
        assertThat(rescale.rescale()).as("%s", rescale).isTrue();
        assertThat(rescale.end()).as("the rescale ended: the new execution runs; %s", rescale).isPositive();
        assertThat(rescale.reprocessed()).as("records read again: %s", rescale).isZero();
        assertThat(rescale.unknownSources()).as("%s", rescale).isZero();
        assertThat(rescale.phases().get(0).name()).as("%s", rescale).isEqualTo("checkpoint");
    }

    private RescaleHistory.Entry onlyRescale() {
        List<RescaleHistory.Entry> entries = job.rescales();
        assertThat(entries).as("%s", entries).hasSize(1);
        return entries.get(0);
    }
}
