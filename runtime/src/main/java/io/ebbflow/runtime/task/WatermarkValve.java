package io.ebbflow.runtime.task;

import java.util.Arrays;

/**
 * The watermark of a subtask with several input channels: the smallest of the watermarks of its channels
 * that have not ended and are not idle, as in Flink. Each channel's watermark only moves forward (a smaller one is
 * ignored), and so does the subtask's. A channel that ended no longer holds the watermark back; nor does an idle
 * one, until it is active again, and then only once its watermark has caught up with the subtask's (it never moves
 * the subtask's watermark backwards). When every open channel is idle, the subtask's input is idle, and the largest
 * watermark of its channels goes out. Used by its
 * subtask's thread only.
 *
 * <p>Each method decides and returns the watermark to send downstream, or {@link #NONE} when the
 * subtask's watermark did not advance; the caller emits it, and compares {@link #idle()} with what it said before.
 */
final class WatermarkValve {

    /** Returned when there is nothing to emit; never a watermark itself, as no subtask emits {@code Long.MIN_VALUE}. */
    static final long NONE = Long.MIN_VALUE;

    private final long[] watermarks;
    private final boolean[] finished;
    private final boolean[] idle;
    private long emitted = Long.MIN_VALUE;

    WatermarkValve(int channels) {
        this.watermarks = new long[channels];
        this.finished = new boolean[channels];
        this.idle = new boolean[channels];
        Arrays.fill(watermarks, Long.MIN_VALUE);
    }

    /** A watermark arrived on {@code channel}. One on an idle channel (which a producer does not send) is kept. */
    long inputWatermark(int channel, long watermark) {
        watermarks[channel] = Math.max(watermarks[channel], watermark);
        return advance();
    }

    /**
     * {@code channel} became idle, or active again. When the last active channel goes idle, the largest watermark of
     * the open channels goes out (as Flink's valve does): what the channels said before they fell silent is not held
     * back, whichever went idle last.
     */
    long inputStatus(int channel, boolean isIdle) {
        idle[channel] = isIdle;
        if (isIdle && idle()) {
            long max = Long.MIN_VALUE;
            for (int i = 0; i < watermarks.length; i++) {
                if (!finished[i]) {
                    max = Math.max(max, watermarks[i]);
                }
            }
            if (max > emitted) {
                emitted = max;
                return max;
            }
            return NONE;
        }
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

    /** Whether the input is idle: channels are open and every one of them is idle. */
    boolean idle() {
        boolean anyOpen = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (!finished[i]) {
                anyOpen = true;
                if (!idle[i]) {
                    return false;
                }
            }
        }
        return anyOpen;
    }

    /** The input ended: the final watermark, unless the channels brought it already. */
    long endOfInput() {
        if (emitted == Long.MAX_VALUE) {
            return NONE;
        }
        emitted = Long.MAX_VALUE;
        return Long.MAX_VALUE;
    }

    /**
     * The smallest watermark of the open, active channels that are not behind the subtask's (a channel that came back
     * from idleness counts again once it caught up), if it moved forward.
     */
    private long advance() {
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (!finished[i] && !idle[i] && watermarks[i] >= emitted) {
                any = true;
                min = Math.min(min, watermarks[i]);
            }
        }
        if (!any || min <= emitted || min == Long.MIN_VALUE) {
            return NONE;
        }
        emitted = min;
        return min;
    }
}
