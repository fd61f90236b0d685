package io.ebbflow.jm.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.jm.checkpoint.RescaleTrigger.InProgress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a planned rescale's checkpoint (the one whose barrier pauses the sources) is taken. */
class RescaleTriggerTest {

    private static final Duration NO_PAUSE = Duration.ZERO;

    @Test
    void withNothingInProgressItIsTakenNowOrWhenTheMinPauseIsOver() {
        assertThat(RescaleTrigger.decide(Optional.empty(), -1, Duration.ofSeconds(5), 1_000))
                .as("no checkpoint yet").isEqualTo(new RescaleTrigger.TriggerNow());
        assertThat(RescaleTrigger.decide(Optional.empty(), 900, NO_PAUSE, 1_000)).isEqualTo(new RescaleTrigger.TriggerNow());
        assertThat(RescaleTrigger.decide(Optional.empty(), 900, Duration.ofMillis(500), 1_000))
                .isEqualTo(new RescaleTrigger.TriggerAt(1_400));
        assertThat(RescaleTrigger.decide(Optional.empty(), 900, Duration.ofMillis(100), 1_000))
                .as("the pause ends now").isEqualTo(new RescaleTrigger.TriggerNow());
    }

    @Test
    void aCheckpointWhoseBarrierHasNotGoneOutIsUpgradedToPauseTheSources() {
        assertThat(RescaleTrigger.decide(Optional.of(new InProgress(7, false, false, false)), 100, NO_PAUSE, 1_000))
                .isEqualTo(new RescaleTrigger.Upgrade(7));
    }

    @Test
    void aCheckpointWhoseBarrierIsOutIsLeftToEndAndTheRescalesFollows() {
        assertThat(RescaleTrigger.decide(Optional.of(new InProgress(7, false, false, true)), 100, NO_PAUSE, 1_000))
                .isEqualTo(new RescaleTrigger.AwaitEnd(7));
    }

    @Test
    void aPausingCheckpointInProgressIsTheRescalesAndASavepointIsNeverUpgraded() {
        assertThat(RescaleTrigger.decide(Optional.of(new InProgress(7, false, true, true)), 100, NO_PAUSE, 1_000))
                .isEqualTo(new RescaleTrigger.AwaitEnd(7));
        assertThat(RescaleTrigger.decide(Optional.of(new InProgress(7, false, true, false)), 100, NO_PAUSE, 1_000))
                .isEqualTo(new RescaleTrigger.AwaitEnd(7));
        // A rescale restores retained checkpoints only, never a savepoint.
        assertThat(RescaleTrigger.decide(Optional.of(new InProgress(8, true, false, false)), 100, NO_PAUSE, 1_000))
                .isEqualTo(new RescaleTrigger.AwaitEnd(8));
    }
}
