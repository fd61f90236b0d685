package io.ebbflow.jm.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.config.ConfigLoader;
import io.ebbflow.core.config.Configuration;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Flink's restart strategies, their options and defaults. */
class RestartStrategyTest {

    private static RestartStrategy of(boolean checkpointing, String... settings) {
        java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
        for (String kv : settings) {
            int eq = kv.indexOf('=');
            props.put(kv.substring(2, eq), kv.substring(eq + 1));
        }
        Configuration config = ConfigLoader.forAllOptions().load(null, props);
        return RestartStrategy.from(config, checkpointing, new Random(7));
    }

    @Test
    void defaultsAreNoneWithoutCheckpointingAndExponentialDelayWithIt() {
        assertThat(of(false)).isInstanceOf(RestartStrategy.None.class);
        assertThat(of(false).onFailure(0)).isEmpty();
        RestartStrategy exp = of(true);
        assertThat(exp).isInstanceOf(RestartStrategy.ExponentialDelay.class);
        // 1 s, then x1.5 each time (within the 10 % jitter), never above 1 min.
        long previous = 0;
        for (int i = 0; i < 30; i++) {
            long d = exp.onFailure(i * 1000L).orElseThrow().toMillis();
            double nominal = Math.min(60_000, 1000 * Math.pow(1.5, i));
            assertThat((double) d).isBetween(nominal * 0.9 - 1, Math.min(60_000, nominal * 1.1 + 1));
            previous = d;
        }
        assertThat(previous).isLessThanOrEqualTo(60_000);
        // After an hour without failures the backoff starts over.
        assertThat(exp.onFailure(30_000 + 3_600_000L).orElseThrow().toMillis()).isBetween(900L, 1100L);
    }

    @Test
    void fixedDelayAllowsItsAttemptsThenFails() {
        RestartStrategy s = of(true, "-Drestart-strategy.type=fixed-delay", "-Drestart-strategy.fixed-delay.attempts=2",
                "-Drestart-strategy.fixed-delay.delay=250ms");
        assertThat(s.onFailure(0)).contains(Duration.ofMillis(250));
        assertThat(s.onFailure(1)).contains(Duration.ofMillis(250));
        assertThat(s.onFailure(2)).isEmpty();
    }

    @Test
    void failureRateCountsFailuresInItsInterval() {
        RestartStrategy s = of(false, "-Drestart-strategy=failure-rate",
                "-Drestart-strategy.failure-rate.max-failures-per-interval=2",
                "-Drestart-strategy.failure-rate.failure-rate-interval=10s");
        assertThat(s.onFailure(0)).isPresent();
        assertThat(s.onFailure(1000)).isPresent();
        assertThat(s.onFailure(2000)).as("a third failure within 10 s").isEqualTo(Optional.empty());
        RestartStrategy t = of(false, "-Drestart-strategy=failure-rate",
                "-Drestart-strategy.failure-rate.max-failures-per-interval=2",
                "-Drestart-strategy.failure-rate.failure-rate-interval=10s");
        t.onFailure(0);
        t.onFailure(1000);
        assertThat(t.onFailure(12_000)).as("the first two are out of the interval").isPresent();
    }
}
