package io.ebbflow.runtime.task;

import io.ebbflow.runtime.checkpoint.CheckpointBarrier;

/**
 * Aligns the checkpoint barriers of a subtask's input channels (exactly-once alignment, as in Flink). A
 * channel that delivers the barrier of the checkpoint being aligned is blocked: nothing after the barrier
 * is read from it until every channel still open delivered the same barrier. Then the checkpoint is taken
 * and every blocked channel is unblocked.
 *
 * <p>A barrier of a newer checkpoint abandons the one being aligned (it is declined and its channels
 * unblocked) and starts aligning the newer one. A barrier older than the one being aligned, or than the
 * last checkpoint taken, is stale and ignored. A channel that ended is no longer waited for.
 *
 * <p>Also the count of open channels, which the input loop runs on. Used by its subtask's thread only.
 */
final class BarrierAligner {

    /** What alignment does to its subtask. */
    interface Context {

        /** Stops handing out {@code channel}'s buffers (it delivered the barrier; its producer backs up meanwhile). */
        void block(int channel);

        /** Hands out {@code channel}'s buffers again. */
        void unblock(int channel);

        /** Every open channel delivered {@code barrier}: takes this subtask's part of its checkpoint. */
        void checkpoint(CheckpointBarrier barrier) throws Exception;

        /** Checkpoint {@code checkpointId} was being aligned when a barrier of {@code newerId} arrived: decline it. */
        void abandon(long checkpointId, long newerId);
    }

    private final Context context;
    private final boolean[] arrived;
    private final boolean[] finished;
    private int arrivedCount;
    private int openChannels;
    /** The checkpoint being aligned, or -1; and its barrier. */
    private long aligningId = -1;
    private CheckpointBarrier pending;
    private long lastCheckpointId = -1;

    BarrierAligner(int channels, Context context) {
        this.context = context;
        this.arrived = new boolean[channels];
        this.finished = new boolean[channels];
        this.openChannels = channels;
    }

    /** Channels that have not ended. */
    int openChannels() {
        return openChannels;
    }

    /**
     * A barrier arrived on {@code channel}. Returns true if the channel is now blocked (waiting for the
     * barrier on the other channels), false if reading it goes on (the checkpoint was taken, or the
     * barrier is stale).
     */
    boolean onBarrier(int channel, CheckpointBarrier barrier) throws Exception {
        long id = barrier.id();
        if (id <= lastCheckpointId || id < aligningId) {
            return false;
        }
        if (id > aligningId && aligningId >= 0) {
            context.abandon(aligningId, id);
            release();
        }
        if (aligningId < 0) {
            aligningId = id;
            pending = barrier;
            arrivedCount = 0;
        }
        if (!arrived[channel]) {
            arrived[channel] = true;
            arrivedCount++;
            context.block(channel);
        }
        return !maybeComplete();
    }

    /** {@code channel} ended (end of partition); it may have been the last one the alignment waited for. */
    void channelFinished(int channel) throws Exception {
        if (!finished[channel]) {
            finished[channel] = true;
            openChannels--;
            maybeComplete();
        }
    }

    /** Takes the checkpoint being aligned once every open channel delivered its barrier; true if it did. */
    private boolean maybeComplete() throws Exception {
        if (aligningId < 0 || arrivedCount < openChannels) {
            return false;
        }
        CheckpointBarrier b = pending;
        lastCheckpointId = b.id();
        context.checkpoint(b);
        release();
        return true;
    }

    /** Unblocks every channel that delivered the barrier, in channel order. */
    private void release() {
        for (int i = 0; i < arrived.length; i++) {
            if (arrived[i]) {
                arrived[i] = false;
                context.unblock(i);
            }
        }
        aligningId = -1;
        pending = null;
        arrivedCount = 0;
    }
}
