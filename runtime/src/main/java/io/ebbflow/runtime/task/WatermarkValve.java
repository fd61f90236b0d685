package io.ebbflow.runtime.task;

import java.util.Arrays;

/**
 * The watermark of a subtask with several input channels: the smallest of the watermarks of its channels
 * that have not ended, as in Flink. Each channel's watermark only moves forward (a smaller one is ignored),
 * and so does the subtask's. A channel that ended no longer holds the watermark back. Used by its
 * subtask's thread only.
 *
 * <p>Each method decides and returns the watermark to send downstream, or {@link #NONE} when the
 * subtask's watermark did not advance; the caller emits it.
 */
final class WatermarkValve {

    /** Returned when there is nothing to emit; never a watermark itself, as no subtask emits {@code Long.MIN_VALUE}. */
    static final long NONE = Long.MIN_VALUE;

    private final long[] watermarks;
    private final boolean[] finished;
    private long emitted = Long.MIN_VALUE;

    WatermarkValve(int channels) {
        this.watermarks = new long[channels];
        this.finished = new boolean[channels];
        Arrays.fill(watermarks, Long.MIN_VALUE);
    }

    /** A watermark arrived on {@code channel}. */
    long inputWatermark(int channel, long watermark) {
        watermarks[channel] = Math.max(watermarks[channel], watermark);
        return advance();
    }

    /** {@code channel} ended (end of partition): it no longer counts. A second call for it changes nothing. */
    long channelFinished(int channel) {
        if (finished[channel]) {
            return NONE;
        }
        finished[channel] = true;
        return advance();
    }

    /** The input ended: the final watermark, unless the channels brought it already. */
    long endOfInput() {
        if (emitted == Long.MAX_VALUE) {
            return NONE;
        }
        emitted = Long.MAX_VALUE;
        return Long.MAX_VALUE;
    }

    /** The smallest watermark of the open channels, if it moved forward; none once every channel ended. */
    private long advance() {
        long min = Long.MAX_VALUE;
        boolean anyOpen = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (!finished[i]) {
                anyOpen = true;
                min = Math.min(min, watermarks[i]);
            }
        }
        if (!anyOpen || min <= emitted || min == Long.MIN_VALUE) {
            return NONE;
        }
        emitted = min;
        return min;
    }
}
