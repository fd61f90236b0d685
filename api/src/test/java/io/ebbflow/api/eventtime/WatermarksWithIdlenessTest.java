package io.ebbflow.api.eventtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** withIdleness on a manual clock: idle after the timeout without events, active again at the next event. */
class WatermarksWithIdlenessTest {

    static long now;

    private final List<String> said = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(long watermark) {
            said.add("watermark " + watermark);
        }

        @Override
        public void markIdle() {
            said.add("idle");
        }

        @Override
        public void markActive() {
            said.add("active");
        }
    };

    @Test
    void anOutputWithoutEventsForTheTimeoutIsIdleUntilItsNextEvent() {
        now = 0;
        WatermarkGenerator<String> g = WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ZERO)
                .withIdleness(Duration.ofSeconds(10), () -> now).createWatermarkGenerator();

        g.onEvent("a", 1_000, output);
        g.onPeriodicEmit(output);
        now = 9_999;
        g.onPeriodicEmit(output);
        now = 10_000;
        g.onPeriodicEmit(output);
        now = 30_000;
        g.onPeriodicEmit(output);
        g.onEvent("b", 2_000, output);
        g.onPeriodicEmit(output);

        assertThat(said).containsExactly("watermark 999", "watermark 999", "idle", "active", "watermark 1999");
    }

    @Test
    void anOutputThatNeverHadAnEventIsIdleAfterTheTimeoutFromItsFirstCheck() {
        now = 5_000;
        WatermarkGenerator<String> g = WatermarkStrategy.<String>noWatermarks()
                .withIdleness(Duration.ofSeconds(1), () -> now).createWatermarkGenerator();

        g.onPeriodicEmit(output);
        now = 6_000;
        g.onPeriodicEmit(output);

        assertThat(said).containsExactly("idle");
    }

    @Test
    void theTimeoutMustBePositive() {
        assertThatThrownBy(() -> WatermarkStrategy.noWatermarks().withIdleness(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle timeout must be positive");
    }
}
