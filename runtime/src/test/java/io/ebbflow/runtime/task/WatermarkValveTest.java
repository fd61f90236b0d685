package io.ebbflow.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A subtask's watermark over its input channels: what the valve lets through after each input. */
class WatermarkValveTest {

    private static final long NONE = WatermarkValve.NONE;

    @Test
    void theWatermarkIsTheSmallestOverTheChannels() {
        WatermarkValve valve = new WatermarkValve(3);

        assertThat(valve.inputWatermark(0, 50)).as("channels 1 and 2 have none yet").isEqualTo(NONE);
        assertThat(valve.inputWatermark(1, 70)).isEqualTo(NONE);
        assertThat(valve.inputWatermark(2, 30)).isEqualTo(30);
        assertThat(valve.inputWatermark(2, 100)).isEqualTo(50);
        assertThat(valve.inputWatermark(0, 90)).isEqualTo(70);
    }

    @Test
    void aSingleChannelsWatermarksPassThrough() {
        WatermarkValve valve = new WatermarkValve(1);

        assertThat(valve.inputWatermark(0, 1)).isEqualTo(1);
        assertThat(valve.inputWatermark(0, 2)).isEqualTo(2);
    }

    @Test
    void aChannelsWatermarkNeverGoesBack() {
        WatermarkValve valve = new WatermarkValve(2);
        valve.inputWatermark(0, 100);
        assertThat(valve.inputWatermark(1, 10)).isEqualTo(10);

        assertThat(valve.inputWatermark(0, 40)).as("a smaller watermark on channel 0 is ignored").isEqualTo(NONE);
        assertThat(valve.inputWatermark(1, 200)).as("channel 0 still counts as 100, not 40").isEqualTo(100);
    }

    @Test
    void onlyAnAdvanceIsEmitted() {
        WatermarkValve valve = new WatermarkValve(2);
        valve.inputWatermark(0, 10);

        assertThat(valve.inputWatermark(1, 10)).isEqualTo(10);
        assertThat(valve.inputWatermark(1, 20)).as("channel 0 holds it at 10, already emitted").isEqualTo(NONE);
        assertThat(valve.inputWatermark(0, 10)).isEqualTo(NONE);
    }

    @Test
    void noWatermarkIsEmittedWhileAChannelHasNone() {
        WatermarkValve valve = new WatermarkValve(2);

        assertThat(valve.inputWatermark(0, Long.MIN_VALUE)).isEqualTo(NONE);
        assertThat(valve.inputWatermark(1, Long.MIN_VALUE)).isEqualTo(NONE);
        assertThat(valve.inputWatermark(1, 5)).isEqualTo(NONE);
    }

    @Test
    void anEndedChannelNoLongerHoldsTheWatermarkBack() {
        WatermarkValve valve = new WatermarkValve(3);
        valve.inputWatermark(0, 80);
        valve.inputWatermark(1, 60);

        assertThat(valve.channelFinished(2)).as("channel 2 had none: the others decide now").isEqualTo(60);
        assertThat(valve.channelFinished(1)).isEqualTo(80);
    }

    @Test
    void anEndedChannelsLaterWatermarkDoesNotCount() {
        WatermarkValve valve = new WatermarkValve(2);
        valve.inputWatermark(0, 10);
        valve.channelFinished(1);

        assertThat(valve.inputWatermark(1, 500)).as("nothing after the end counts").isEqualTo(NONE);
        assertThat(valve.inputWatermark(0, 20)).isEqualTo(20);
    }

    @Test
    void whenEveryChannelHasEndedNothingMoreIsEmitted() {
        WatermarkValve valve = new WatermarkValve(2);
        valve.inputWatermark(0, 10);
        valve.inputWatermark(1, 30);

        assertThat(valve.channelFinished(0)).isEqualTo(30);
        assertThat(valve.channelFinished(1)).as("no open channel left to take a minimum of").isEqualTo(NONE);
    }

    @Test
    void aRepeatedEndOfAChannelChangesNothing() {
        WatermarkValve valve = new WatermarkValve(2);
        valve.inputWatermark(1, 40);

        assertThat(valve.channelFinished(0)).isEqualTo(40);
        assertThat(valve.channelFinished(0)).isEqualTo(NONE);
        assertThat(valve.inputWatermark(1, 45)).isEqualTo(45);
    }

    @Test
    void theEndOfInputEmitsTheFinalWatermarkOnce() {
        WatermarkValve valve = new WatermarkValve(2);
        valve.inputWatermark(0, 10);
        valve.inputWatermark(1, 20);
        valve.channelFinished(0);
        valve.channelFinished(1);

        assertThat(valve.endOfInput()).isEqualTo(Long.MAX_VALUE);
        assertThat(valve.endOfInput()).isEqualTo(NONE);
    }

    @Test
    void theEndOfInputAddsNothingWhenTheChannelsBroughtTheFinalWatermark() {
        WatermarkValve valve = new WatermarkValve(2);

        assertThat(valve.inputWatermark(0, Long.MAX_VALUE)).isEqualTo(NONE);
        assertThat(valve.inputWatermark(1, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(valve.endOfInput()).isEqualTo(NONE);
    }

    @Test
    void anIdleChannelDoesNotHoldTheWatermarkBackAndAllIdleMakesTheInputIdle() {
        WatermarkValve valve = new WatermarkValve(3);
        valve.inputWatermark(0, 50);
        valve.inputWatermark(1, 70);

        assertThat(valve.inputStatus(2, true)).as("channel 2 never had data; idle, it no longer counts").isEqualTo(50);
        assertThat(valve.idle()).isFalse();
        assertThat(valve.inputStatus(0, true)).isEqualTo(70);
        assertThat(valve.inputStatus(1, true)).as("the largest goes out when all are idle").isEqualTo(NONE);
        assertThat(valve.idle()).as("every open channel is idle").isTrue();
        assertThat(valve.inputStatus(1, false)).isEqualTo(NONE);
        assertThat(valve.idle()).isFalse();
    }

    @Test
    void aChannelActiveAgainCountsOnlyOnceItCaughtUpAndTheWatermarkNeverGoesBack() {
        WatermarkValve valve = new WatermarkValve(2);
        valve.inputStatus(1, true);
        assertThat(valve.inputWatermark(0, 100)).isEqualTo(100);

        assertThat(valve.inputStatus(1, false)).as("channel 1 is behind (no watermark yet)").isEqualTo(NONE);
        assertThat(valve.inputWatermark(0, 150)).as("a channel behind does not hold the watermark").isEqualTo(150);
        assertThat(valve.inputWatermark(1, 60)).as("never backwards").isEqualTo(NONE);
        assertThat(valve.inputWatermark(1, 200)).as("caught up").isEqualTo(NONE);
        assertThat(valve.inputWatermark(0, 300)).as("channel 1 counts again: the smallest").isEqualTo(200);
    }

    @Test
    void theLastOpenChannelIdleMakesTheInputIdleAndEndedChannelsDoNotCount() {
        WatermarkValve valve = new WatermarkValve(2);
        valve.channelFinished(0);

        valve.inputStatus(1, true);

        assertThat(valve.idle()).isTrue();
        valve.channelFinished(1);
        assertThat(valve.idle()).as("nothing open: ended, not idle").isFalse();
    }

    @Test
    void whenTheLastActiveChannelGoesIdleTheLargestWatermarkGoesOut() {
        WatermarkValve valve = new WatermarkValve(2);
        valve.inputWatermark(0, 1_998);

        assertThat(valve.inputStatus(0, true)).as("channel 1 (no watermark yet) still holds it").isEqualTo(NONE);
        assertThat(valve.inputStatus(1, true)).isEqualTo(1_998);
        assertThat(valve.idle()).isTrue();
    }
}
