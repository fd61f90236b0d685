package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.time.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequirementCheckScheduleTest {

    private final ManualTime time = new ManualTime(1_000_000);
    private final List<Long> runs = new ArrayList<>();
    private final RequirementCheckSchedule schedule = new RequirementCheckSchedule(Duration.ofMillis(50), time, time,
            this::check);

    private void check() {
        runs.add(time.millis());
        schedule.ran();
    }

    @Test
    void aChangeThatArrivesAloneIsCheckedAtOnce() {
        schedule.needed(0);
        assertThat(runs).containsExactly(1_000_000L);

        time.advance(200);
        schedule.needed(0);
        assertThat(runs).containsExactly(1_000_000L, 1_000_200L);
        assertThat(schedule.isPending()).isFalse();
    }

    @Test
    void aBurstAfterACheckIsCoalescedIntoOneCheckWhenTheDelayHasPassed() {
        schedule.needed(0);
        time.advance(10);
        schedule.needed(0);
        time.advance(15);
        schedule.needed(0);
        schedule.needed(0);
        assertThat(runs).containsExactly(1_000_000L);
        assertThat(schedule.isPending()).isTrue();

        time.advance(24);
        assertThat(runs).containsExactly(1_000_000L);
        time.advance(1);
        assertThat(runs).containsExactly(1_000_000L, 1_000_050L);
        assertThat(schedule.isPending()).isFalse();
    }

    @Test
    void aChangeRightAfterTheTrailingCheckWaitsForTheNextWindow() {
        schedule.needed(0);
        time.advance(20);
        schedule.needed(0);
        time.advance(30);
        time.advance(5);
        schedule.needed(0);
        assertThat(runs).containsExactly(1_000_000L, 1_000_050L);

        time.advance(45);
        assertThat(runs).containsExactly(1_000_000L, 1_000_050L, 1_000_100L);
    }

    @Test
    void aCheckRunDirectlyMakesTheScheduledOneUnnecessary() {
        schedule.needed(0);
        time.advance(10);
        schedule.needed(0);
        assertThat(schedule.isPending()).isTrue();

        check(); // e.g. a JobMaster registered: its share is computed before the reply
        assertThat(schedule.isPending()).isFalse();
        time.advance(100);
        assertThat(runs).containsExactly(1_000_000L, 1_000_010L);
    }

    @Test
    void noCheckBeforeTheGivenTime() {
        schedule.needed(1_000_300);
        assertThat(runs).isEmpty();
        time.advance(299);
        assertThat(runs).isEmpty();
        time.advance(1);
        assertThat(runs).containsExactly(1_000_300L);
    }

    @Test
    void aZeroDelayChecksEveryChangeAtOnce() {
        RequirementCheckSchedule immediate = new RequirementCheckSchedule(Duration.ZERO, time, time, () -> {
            runs.add(time.millis());
        });
        immediate.needed(0);
        immediate.ran();
        immediate.needed(0);
        assertThat(runs).containsExactly(1_000_000L, 1_000_000L);
    }

    @Test
    void stoppingDropsTheScheduledCheck() {
        schedule.needed(0);
        schedule.needed(0);
        schedule.stop();
        time.advance(1_000);
        assertThat(runs).containsExactly(1_000_000L);
    }
}
