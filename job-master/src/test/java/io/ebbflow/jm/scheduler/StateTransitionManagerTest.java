package io.ebbflow.jm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.ManualTime;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decision engine's phases and timers (spec §3.3), on a manual clock. */
class StateTransitionManagerTest {

    private final ManualTime time = new ManualTime(0);
    private boolean desired;
    private boolean sufficient;
    private int transitions;

    private final StateTransitionManager.Context context = new StateTransitionManager.Context() {
        @Override
        public long now() {
            return time.millis();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable action) {
            return time.schedule(delay, action);
        }

        @Override
        public boolean hasDesiredResources() {
            return desired;
        }

        @Override
        public boolean hasSufficientResources() {
            return sufficient;
        }

        @Override
        public void transitionToSubsequentState() {
            transitions++;
        }
    };

    private StateTransitionManager stm;

    @BeforeEach
    void executingEngine() {
        // Executing: 30 s cooldown, 60 s stabilization, 10 s max trigger delay.
        stm = new StateTransitionManager(context, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10), 0);
    }

    @Test
    void cooldownIgnoresTriggersAndIdlesWhenNothingChanged() {
        assertThat(stm.phase()).isEqualTo(StateTransitionManager.Phase.COOLDOWN);
        desired = true;
        sufficient = true;
        stm.onTrigger();
        assertThat(transitions).isZero();
        time.advance(30_000);
        assertThat(stm.phase()).isEqualTo(StateTransitionManager.Phase.IDLING);
        stm.onTrigger();
        assertThat(transitions).as("idling ignores triggers").isZero();
    }

    @Test
    void aChangeDuringCooldownStabilizesFromTheChangeAndDesiredResourcesTransitionAtTheNextTrigger() {
        time.advance(5_000);
        sufficient = true;
        stm.onChange();
        time.advance(25_000);
        assertThat(stm.phase()).isEqualTo(StateTransitionManager.Phase.STABILIZING);
        assertThat(stm.phaseDeadline()).isEqualTo(5_000 + 60_000);
        // Only sufficient: a trigger does nothing.
        stm.onTrigger();
        assertThat(transitions).isZero();
        desired = true;
        stm.onTrigger();
        assertThat(transitions).isEqualTo(1);
        assertThat(stm.phase()).isEqualTo(StateTransitionManager.Phase.TRANSITIONING);
        stm.onChange();
        stm.onTrigger();
        time.advance(200_000);
        assertThat(transitions).as("transitioning is terminal").isEqualTo(1);
    }

    @Test
    void withoutATriggerTheEvaluationAfterMaxTriggerDelayTransitionsWhenDesired() {
        time.advance(30_000);
        sufficient = true;
        desired = true;
        stm.onChange(); // idling -> stabilizing at 30 s
        assertThat(stm.phase()).isEqualTo(StateTransitionManager.Phase.STABILIZING);
        time.advance(9_999);
        assertThat(transitions).isZero();
        time.advance(1);
        assertThat(transitions).isEqualTo(1);
    }

    @Test
    void onlySufficientResourcesTransitionOnceStabilizedOrGoBackToIdlingIfNoLongerSufficient() {
        time.advance(30_000);
        sufficient = true;
        stm.onChange();
        time.advance(59_999);
        assertThat(stm.phase()).isEqualTo(StateTransitionManager.Phase.STABILIZING);
        time.advance(1);
        // Stabilized: its trigger at firstChange + maxTriggerDelay is already past, so it fires at once.
        time.runDue();
        assertThat(transitions).isEqualTo(1);

        StateTransitionManager other = new StateTransitionManager(context, Duration.ZERO, Duration.ofSeconds(10),
                Duration.ofSeconds(10), time.millis());
        time.runDue();
        sufficient = true;
        other.onChange();
        sufficient = false;
        time.advance(10_000);
        time.runDue();
        assertThat(other.phase()).isEqualTo(StateTransitionManager.Phase.IDLING);
        assertThat(transitions).isEqualTo(1);
    }

    @Test
    void waitingForResourcesStartsAtOnceWhenDesiredAndAfterStabilizationWhenSufficient() {
        // WaitingForResources: no cooldown, 10 s stabilization, no trigger delay; onChange + onTrigger on every change.
        StateTransitionManager waiting = new StateTransitionManager(context, Duration.ZERO, Duration.ofSeconds(10),
                Duration.ZERO, 0);
        time.runDue();
        assertThat(waiting.phase()).isEqualTo(StateTransitionManager.Phase.IDLING);
        sufficient = true;
        waiting.onChange();
        waiting.onTrigger();
        assertThat(transitions).isZero();
        time.advance(5_000);
        waiting.onChange(); // another slot, still not all: the window keeps its start
        waiting.onTrigger();
        time.advance(4_999);
        assertThat(transitions).isZero();
        time.advance(1);
        time.runDue();
        assertThat(transitions).isEqualTo(1);

        StateTransitionManager quick = new StateTransitionManager(context, Duration.ZERO, Duration.ofSeconds(10),
                Duration.ZERO, time.millis());
        time.runDue();
        desired = true;
        quick.onChange();
        quick.onTrigger();
        assertThat(transitions).isEqualTo(2);
    }
}
