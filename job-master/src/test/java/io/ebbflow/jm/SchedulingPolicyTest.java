package io.ebbflow.jm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.jm.SchedulingPolicy.Start;
import io.ebbflow.jm.SchedulingPolicy.StartAfter;
import io.ebbflow.jm.SchedulingPolicy.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulingPolicyTest {

    private final SchedulingPolicy policy = new SchedulingPolicy.StartWhenReady(
            List.of(new SlotSharingAllocator.Vertex("source", "default", 1, 4),
                    new SlotSharingAllocator.Vertex("sink", "default", 1, 2)),
            1, 4, Duration.ofSeconds(10));

    @Test
    void belowTheMinimumItWaits() {
        assertThat(policy.decide(0, false)).isInstanceOf(Wait.class);
        assertThat(policy.decide(0, true)).isInstanceOf(Wait.class);
    }

    @Test
    void withEveryDesiredSlotItStartsAtTheTargets() {
        assertThat(policy.decide(4, false)).isEqualTo(new Start(Map.of("source", 4, "sink", 2)));
    }

    @Test
    void betweenMinimumAndDesiredItStartsOnceTheHoldingIsStable() {
        assertThat(policy.decide(3, false)).isEqualTo(new StartAfter(Duration.ofSeconds(10)));
        assertThat(policy.decide(3, true)).isEqualTo(new Start(Map.of("source", 3, "sink", 2)));
        assertThat(policy.decide(1, true)).isEqualTo(new Start(Map.of("source", 1, "sink", 1)));
    }
}
