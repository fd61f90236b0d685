package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.time.ManualTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationScheduleTest {

    private final ManualTime time = new ManualTime(1_000_000);
    private final List<Long> writes = new ArrayList<>();
    private final ReplicationSchedule schedule = new ReplicationSchedule(time, time, () -> writes.add(time.millis()));

    @Test
    void changesAreWrittenOnceTheyHaveBeenQuiet() {
        schedule.changed();
        time.advance(30);
        schedule.changed();
        time.advance(49);
        assertThat(writes).isEmpty();
        time.advance(1);
        assertThat(writes).containsExactly(1_000_080L);
        assertThat(schedule.isWaiting()).isFalse();
    }

    @Test
    void aStreamOfChangesIsWrittenNoLaterThanTheMaximumLag() {
        long lag = ReplicationSchedule.MAX_LAG.toMillis();
        for (int i = 0; i < 2 * lag / 10; i++) {
            schedule.changed();
            time.advance(10);
        }
        // The first change waits the maximum lag; the next one (made as that write happens) waits it again.
        assertThat(writes).containsExactly(1_000_000L + lag, 1_000_000L + 2 * lag);
    }

    @Test
    void nothingIsWrittenWithoutAChange() {
        time.advance(10_000);
        assertThat(writes).isEmpty();
        assertThat(time.pending()).isZero();
    }

    @Test
    void writeNowWritesAtOnceAndStopDropsWhatWaits() {
        schedule.changed();
        schedule.writeNow();
        assertThat(writes).containsExactly(1_000_000L);
        time.advance(1_000);
        assertThat(writes).containsExactly(1_000_000L);

        schedule.changed();
        schedule.stop();
        time.advance(1_000);
        assertThat(writes).containsExactly(1_000_000L);
        assertThat(schedule.isWaiting()).isFalse();
    }
}
