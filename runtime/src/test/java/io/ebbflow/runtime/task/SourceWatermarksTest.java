package io.ebbflow.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.eventtime.WatermarkStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A source subtask's watermark over its split outputs (Flink's per-split watermarks) and its idleness, on a manual
 * idleness clock: what goes downstream after each step.
 */
class SourceWatermarksTest {

    static long now;

    private final List<String> downstream = new ArrayList<>();

    private SourceWatermarks watermarks(WatermarkStrategy<Object> strategy) {
        return new SourceWatermarks(strategy, new SourceWatermarks.Downstream() {
            @Override
            public void watermark(long watermark) {
                downstream.add("watermark " + watermark);
            }

            @Override
            public void idle(boolean idle) {
                downstream.add(idle ? "idle" : "active");
            }
        });
    }

    private static void event(SourceWatermarks.Channel c, long timestamp) {
        c.beforeRecord();
        c.onEvent("r", timestamp);
    }

    @Test
    void theSubtasksWatermarkIsTheSmallestOverItsSplitsAndAReleasedSplitNoLongerCounts() {
        SourceWatermarks w = watermarks(WatermarkStrategy.forMonotonousTimestamps());
        w.hasSplits(true);
        SourceWatermarks.Channel a = w.split("a");
        SourceWatermarks.Channel b = w.split("b");

        event(a, 1_000);
        event(b, 5_000);
        w.onPeriodicEmit();
        event(a, 3_000);
        w.onPeriodicEmit();
        w.release("a");

        assertThat(downstream).containsExactly("watermark 999", "watermark 2999", "watermark 4999");
    }

    @Test
    void anIdleSplitDoesNotHoldTheWatermarkAndAllSplitsIdleMakeTheSubtaskIdleUntilARecord() {
        now = 0;
        SourceWatermarks w = watermarks(WatermarkStrategy.forMonotonousTimestamps()
                .withIdleness(Duration.ofSeconds(1), () -> now));
        w.hasSplits(true);
        SourceWatermarks.Channel a = w.split("a");
        SourceWatermarks.Channel b = w.split("b");
        event(a, 1_000);
        w.onPeriodicEmit(); // b has had nothing: it holds the watermark
        assertThat(downstream).isEmpty();

        now = 1_000;
        event(a, 2_000);
        w.onPeriodicEmit(); // b idle for the timeout
        now = 2_500;
        w.onPeriodicEmit(); // a idle too
        event(b, 1_500);

        assertThat(downstream).containsExactly("watermark 1999", "idle", "active");
        w.onPeriodicEmit();
        assertThat(downstream).as("b (1499) is behind the subtask's 1999: nothing goes back").hasSize(3);
    }

    @Test
    void aReaderWithoutSplitsIsIdleUntilItHasSome() {
        SourceWatermarks w = watermarks(WatermarkStrategy.forMonotonousTimestamps());

        w.hasSplits(false);
        w.hasSplits(true);
        event(w.split("a"), 1_000);
        w.onPeriodicEmit();

        assertThat(downstream).containsExactly("idle", "active", "watermark 999");
    }

    @Test
    void withoutIdlenessASplitWithoutDataHoldsTheWatermarkForever() {
        SourceWatermarks w = watermarks(WatermarkStrategy.forMonotonousTimestamps());
        w.hasSplits(true);
        SourceWatermarks.Channel a = w.split("a");
        w.split("b");

        event(a, 1_000);
        w.onPeriodicEmit();
        w.onPeriodicEmit();

        assertThat(downstream).isEmpty();
    }
}
