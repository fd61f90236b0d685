package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TakeoverSettleTest {

    private static final long T0 = 1_000_000;

    @Test
    void theFirstLeaderHasNothingToSettle() {
        TakeoverSettle settle = new TakeoverSettle(1, T0);
        assertThat(settle.settling(T0)).isFalse();
        assertThat(settle.until()).isEqualTo(T0);
        assertThat(settle.shareToTell(2, 1, 3, T0)).isEqualTo(2);
    }

    /**
     * ControlPlaneIT's case: the maps missed a TaskExecutor that registered just before the leader died, so the new
     * leader knows 2 of the 3 slots the job holds and would divide 2. The job is told no less than it desires until
     * the TaskExecutor has registered again, and then its computed share.
     */
    @Test
    void aTakeoverTellsNoShareBelowWhatTheJobHoldsOrDesiresForOneSecond() {
        TakeoverSettle settle = new TakeoverSettle(2, T0);
        assertThat(settle.settling(T0)).isTrue();
        assertThat(settle.shareToTell(2, 2, 3, T0)).isEqualTo(3);
        assertThat(settle.shareToTell(0, 4, 3, T0 + 999)).as("holding more than desired").isEqualTo(4);
        assertThat(settle.shareToTell(5, 2, 3, T0 + 500)).as("a larger share is told as it is").isEqualTo(5);

        assertThat(settle.until()).isEqualTo(T0 + TakeoverSettle.DURATION.toMillis());
        assertThat(settle.settling(T0 + 1000)).isFalse();
        assertThat(settle.shareToTell(2, 2, 3, T0 + 1000)).isEqualTo(2);
    }
}
