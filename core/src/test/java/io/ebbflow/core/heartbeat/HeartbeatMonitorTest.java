package io.ebbflow.core.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatMonitorTest {

    private final HeartbeatMonitor<String> monitor = new HeartbeatMonitor<>(Duration.ofSeconds(50), 2);

    @Test
    void aPeerHeardFromInTimeStays() {
        monitor.monitor("te-1", 0);
        monitor.received("te-1", 40_000);
        assertThat(monitor.expire(89_999)).isEmpty();
        assertThat(monitor.expire(90_000)).containsExactly("te-1");
        assertThat(monitor.isMonitored("te-1")).isFalse();
    }

    @Test
    void consecutiveUnreachableRequestsReachTheThresholdAndAHeartbeatResetsThem() {
        monitor.monitor("te-1", 0);
        assertThat(monitor.unreachable("te-1")).isFalse();
        monitor.received("te-1", 10);
        assertThat(monitor.unreachable("te-1")).isFalse();
        assertThat(monitor.unreachable("te-1")).isTrue();
    }

    @Test
    void thresholdMinusOneDisablesUnreachableDetection() {
        HeartbeatMonitor<String> m = new HeartbeatMonitor<>(Duration.ofSeconds(50), -1);
        m.monitor("p", 0);
        for (int i = 0; i < 10; i++) {
            assertThat(m.unreachable("p")).isFalse();
        }
    }

    @Test
    void unmonitoredPeersAreIgnored() {
        monitor.received("ghost", 5);
        assertThat(monitor.unreachable("ghost")).isFalse();
        assertThat(monitor.expire(1_000_000)).isEmpty();
    }
}
