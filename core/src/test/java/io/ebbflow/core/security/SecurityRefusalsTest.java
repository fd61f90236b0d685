package io.ebbflow.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SecurityRefusalsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final SecurityRefusals refusals = new SecurityRefusals("task-executor", new SimpleMeterRegistry(), now::get);

    @Test
    void everyRefusalIsCountedButEachSourceIsLoggedOncePerQuietPeriod() {
        assertThat(refusals.refused("data", "proof", "10.0.0.9", "bad proof")).isTrue();
        assertThat(refusals.refused("data", "proof", "10.0.0.9", "bad proof")).isFalse();
        assertThat(refusals.refused("data", "malformed", "10.0.0.9", "short frame")).isFalse();
        assertThat(refusals.refused("data", "proof", "10.0.0.7", "bad proof")).as("another source").isTrue();
        assertThat(refusals.refused("blob", "proof", "10.0.0.9", "bad proof")).as("another channel").isTrue();

        now.addAndGet(SecurityRefusals.QUIET_NANOS);
        assertThat(refusals.refused("data", "proof", "10.0.0.9", "bad proof")).isTrue();

        assertThat(refusals.count("data")).isEqualTo(5);
        assertThat(refusals.count("data", "proof")).isEqualTo(4);
        assertThat(refusals.count("blob")).isEqualTo(1);
    }
}
