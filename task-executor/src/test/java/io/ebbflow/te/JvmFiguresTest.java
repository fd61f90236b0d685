package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.TaskExecutorMessages.JvmStatus;
import org.junit.jupiter.api.Test;

class JvmFiguresTest {

    @Test
    void garbageCollectionTimeIsARateSinceThePreviousCallAndOverTheJvmsLifeAtFirst() {
        JvmFigures figures = new JvmFigures();

        assertThat(figures.rate(10_000, 4_000, 200)).as("200 ms in 4 s of uptime").isEqualTo(50.0);
        assertThat(figures.rate(12_000, 6_000, 260)).as("60 ms in the 2 s since").isEqualTo(30.0);
        assertThat(figures.rate(12_000, 6_000, 260)).as("no time passed").isZero();
    }

    @Test
    void theHeapAndMetaspaceAreThisJvms() {
        JvmStatus status = new JvmFigures().next(1000, 1000);

        assertThat(status.heapUsed()).isPositive();
        assertThat(status.heapMax()).isGreaterThanOrEqualTo(status.heapUsed());
        assertThat(status.metaspaceUsed()).as("HotSpot has a Metaspace pool").isPositive();
        assertThat(status.gcTimeMsPerSecond()).isNotNegative();
    }
}
