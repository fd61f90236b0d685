package io.ebbflow.jm.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The window's trend of records in per second: a clear rise or fall is measured, noise is not taken for one. */
class MetricWindowTest {

    private static MetricWindow.Rates window(LongToDoubleFunction rateAt) {
        MetricWindow window = new MetricWindow(30_000);
        for (long t = 0; t <= 30_000; t += 5_000) {
            window.add(t, Map.of("v", new VertexSample(500, rateAt.applyAsDouble(t), 0, -1)));
        }
        return window.rates().get("v");
    }

    @Test
    void aSteadyRiseOrFallIsItsSlope() {
        assertThat(window(t -> 1000 + 10 * t / 1000.0).inRateSlope()).isCloseTo(10, within(1e-9));
        assertThat(window(t -> 1000 - 4 * t / 1000.0).inRateSlope()).isCloseTo(-4, within(1e-9));
        // A rise of 1/s per second through noise of +-5: about 3 standard errors.
        assertThat(window(t -> 1000 + t / 1000.0 + ((t / 5000) % 2 == 0 ? 5 : -5)).inRateSlope()).isGreaterThan(0.5);
    }

    @Test
    void aFlatRateOrNoiseIsNoTrend() {
        assertThat(window(t -> 1000).inRateSlope()).isZero();
        // Up and down by 30 around 1000: the least-squares slope is not 0, but well within its noise.
        assertThat(window(t -> 1000 + ((t / 5000) % 2 == 0 ? 30 : -30)).inRateSlope()).isZero();
        assertThat(window(t -> 1000 + (t == 30_000 ? 60 : 0)).inRateSlope()).isZero();
    }
}
