package io.ebbflow.jm.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The window's trend of records in per second: a clear rise or fall is measured, noise is not taken for one. */
class MetricWindowTest {

    private static MetricWindow.Rates window(LongToDoubleFunction rateAt) {
        MetricWindow window = new MetricWindow(30_000, 5_000);
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

    @Test
    void aSteadyTrendFitsALineAndAStepDoesNot() {
        assertThat(window(t -> 1000 + 10 * t / 1000.0).inRateFit()).isCloseTo(1, within(1e-9));
        assertThat(window(t -> 1000 + t / 1000.0 + ((t / 5000) % 2 == 0 ? 5 : -5)).inRateFit()).isLessThan(Demand.STEADY);
        // 400/s, then 2000/s from the middle of the window: a slope well beyond the noise, but not a line.
        MetricWindow.Rates step = window(t -> t < 15_000 ? 400 : 2000);
        assertThat(step.inRateSlope()).isPositive();
        assertThat(step.inRateFit()).isLessThan(Demand.STEADY);
    }

    @Test
    void theMeanBusyTimeIsAveragedBesideTheBusiests() {
        MetricWindow window = new MetricWindow(30_000, 5_000);
        window.add(0, Map.of("v", new VertexSample(800, 1000, 1000, -1, 400)));
        window.add(5_000, Map.of("v", new VertexSample(600, 1000, 1000, -1, 200)));
        window.add(10_000, Map.of("v", new VertexSample(700, 1000, 1000, -1)));

        MetricWindow.Rates r = window.rates().get("v");
        assertThat(r.load()).isCloseTo(0.7, within(1e-9));
        assertThat(r.meanLoad()).as("a sample without the mean counts the busiest's").isCloseTo(0.4333, within(1e-3));
    }

    /**
     * Samples a little late each time, as a timer's are: the window is full once it has collected for a window, and
     * stays full at every later sample (it was full only when the oldest sample kept was exactly a window old).
     */
    @Test
    void aWindowOfLateTicksIsFullOnceItSpansTheWindowAndStaysFull() {
        MetricWindow window = new MetricWindow(30_000, 5_000);
        long t = 1_000;
        for (int i = 0; i < 40; i++) {
            window.add(t, Map.of("v", new VertexSample(500, 1000, 1000, -1)));
            assertThat(window.full(t)).as("at %d ms after %d samples", t - 1_000, i + 1).isEqualTo(t - 1_000 >= 30_000);
            t += 5_000 + 1 + i % 3;
        }
        window.clear();
        window.add(t, Map.of("v", new VertexSample(500, 1000, 1000, -1)));
        assertThat(window.full(t + 30_000)).as("one sample").isFalse();
        window.add(t + 30_000, Map.of("v", new VertexSample(500, 1000, 1000, -1)));
        assertThat(window.full(t + 30_000)).as("emptied, then a window of samples again").isTrue();
    }

    /**
     * The first sample came 50 ms after its tick's time, the one a window later 10 ms after its own: 29.96 s apart,
     * and the window is full at that tick, not one later. A tick a quarter of the interval or more early is not.
     */
    @Test
    void theTickThatStandsForTheWindowsEndFindsItFull() {
        MetricWindow window = new MetricWindow(30_000, 5_000);
        for (long t = 0; t <= 30_000; t += 5_000) {
            window.add(t + (t == 0 ? 50 : 10), Map.of("v", new VertexSample(500, 1000, 1000, -1)));
        }
        assertThat(window.full(30_010)).isTrue();
        assertThat(window.full(50 + 30_000 - 1_250)).isTrue();
        assertThat(window.full(50 + 30_000 - 1_251)).isFalse();
        assertThat(window.full(25_010)).isFalse();
    }

    /**
     * A trough: the window's line through 420, 410, 402, 400, 403, 410, 420 is flat (half falling, half rising), but
     * the input rose since its low (400, 403, 410, 420): that is its trend. Falling to a low among the newest two
     * samples, or a rise within the noise since the low, leaves the window's falling line.
     */
    @Test
    void theTrendIsTheRiseSinceTheWindowsLowWhenTheInputTurned() {
        assertThat(slopeOf(420, 410, 402, 400, 403, 410, 420)).isCloseTo(1.34, within(0.01));
        assertThat(slopeOf(500, 480, 460, 440, 420, 400, 410)).isNegative();
        assertThat(slopeOf(500, 480, 460, 440, 420, 425, 430)).isCloseTo(1.0, within(0.01));
        assertThat(slopeOf(400, 410, 420, 430, 440, 450, 460)).isCloseTo(2.0, within(0.01));
        assertThat(slopeOf(500, 480, 460, 440, 400, 430, 401)).isNotPositive();
    }

    private static double slopeOf(double... ratesEvery5s) {
        MetricWindow window = new MetricWindow(30_000, 5_000);
        for (int i = 0; i < ratesEvery5s.length; i++) {
            window.add(i * 5_000L, Map.of("v", new VertexSample(500, ratesEvery5s[i], ratesEvery5s[i], -1)));
        }
        return window.rates().get("v").inRateSlope();
    }
}
