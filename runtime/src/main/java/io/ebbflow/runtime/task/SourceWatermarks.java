package io.ebbflow.runtime.task;

import io.ebbflow.api.eventtime.WatermarkGenerator;
import io.ebbflow.api.eventtime.WatermarkOutput;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source subtask's watermarks (Flink's per-split watermarks): a generator for what its reader emits directly and
 * one per split output, each with its own watermark and idleness. The subtask's watermark is the smallest over the
 * outputs that are not idle; the subtask is idle when every one of them is (or when the reader has no splits), and
 * then says so downstream, and active again before its next record. The direct output takes part from the start
 * unless the reader emits through split outputs only. The subtask's watermark never goes backwards: an output that
 * is behind it holds it until the output catches up. Used by its subtask's thread only.
 */
final class SourceWatermarks {

    /** Where the subtask's watermark and status go. */
    interface Downstream {
        void watermark(long watermark);

        void idle(boolean idle);
    }

    /** One output's generator, watermark and idleness. */
    final class Channel implements WatermarkOutput {
        private final WatermarkGenerator<Object> generator;
        private long watermark = Long.MIN_VALUE;
        private boolean idle;
        /** Whether a record went through this output (the direct one takes part from its first record). */
        private boolean used;

        private Channel(WatermarkGenerator<Object> generator) {
            this.generator = generator;
        }

        /** Before a record of this output goes downstream: an idle output (and subtask) is active again. */
        void beforeRecord() {
            used = true;
            if (idle) {
                idle = false;
                combine();
            }
        }

        void onEvent(Object record, long timestamp) {
            generator.onEvent(record, timestamp, this);
        }

        @Override
        public void emitWatermark(long w) {
            boolean changed = idle || w > watermark;
            idle = false;
            watermark = Math.max(watermark, w);
            if (changed) {
                combine();
            }
        }

        @Override
        public void markIdle() {
            if (!idle) {
                idle = true;
                combine();
            }
        }

        @Override
        public void markActive() {
            if (idle) {
                idle = false;
                combine();
            }
        }
    }

    private final WatermarkStrategy<Object> strategy;
    private final Downstream downstream;
    private final Channel direct;
    private final Map<String, Channel> splits = new LinkedHashMap<>();
    private long emitted = Long.MIN_VALUE;
    private boolean idleSaid;
    private boolean noSplits;

    /** @param strategy the source's (its generators are created from it), or null: no watermarks but the last */
    SourceWatermarks(WatermarkStrategy<Object> strategy, Downstream downstream) {
        this.strategy = strategy;
        this.downstream = downstream;
        this.direct = new Channel(generator());
    }

    private WatermarkGenerator<Object> generator() {
        return strategy == null ? null : strategy.createWatermarkGenerator();
    }

    boolean generates() {
        return strategy != null;
    }

    /** The output of records the reader emits directly. */
    Channel direct() {
        return direct;
    }

    /** The output of one split (created on first use). */
    Channel split(String splitId) {
        return splits.computeIfAbsent(splitId, id -> new Channel(generator()));
    }

    /** The split is done or gone: its output no longer counts. */
    void release(String splitId) {
        if (splits.remove(splitId) != null) {
            combine();
        }
    }

    /** Whether the reader has splits: one without is idle. */
    void hasSplits(boolean has) {
        if (noSplits == has) {
            noSplits = !has;
            combine();
        }
    }

    /** Every {@code pipeline.auto-watermark-interval}: each generator may emit, or mark its output idle. */
    void onPeriodicEmit() {
        if (strategy == null) {
            return;
        }
        direct.generator.onPeriodicEmit(direct);
        for (Channel c : new ArrayList<>(splits.values())) {
            c.generator.onPeriodicEmit(c);
        }
    }

    /** The input ended: the final watermark (the subtask is active to say it). */
    void endOfInput() {
        if (idleSaid) {
            idleSaid = false;
            downstream.idle(false);
        }
        if (emitted != Long.MAX_VALUE) {
            emitted = Long.MAX_VALUE;
            downstream.watermark(Long.MAX_VALUE);
        }
    }

    private List<Channel> takingPart() {
        List<Channel> out = new ArrayList<>(splits.values());
        if (direct.used || splits.isEmpty()) {
            out.add(direct);
        }
        return out;
    }

    /** Decides the subtask's watermark and status after an output changed, and says what changed. */
    private void combine() {
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        for (Channel c : takingPart()) {
            if (!c.idle) {
                anyActive = true;
                min = Math.min(min, c.watermark);
            }
        }
        boolean idleNow = !anyActive || (noSplits && !direct.used);
        if (!idleNow && idleSaid) {
            idleSaid = false;
            downstream.idle(false);
        }
        if (anyActive && min > emitted) {
            emitted = min;
            downstream.watermark(min);
        }
        if (idleNow && !idleSaid) {
            idleSaid = true;
            downstream.idle(true);
        }
    }
}
