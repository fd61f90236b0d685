package io.ebbflow.runtime.task;

import io.ebbflow.runtime.checkpoint.CheckpointBarrier;
import io.ebbflow.runtime.network.InputChannel;
import io.ebbflow.runtime.network.InputGate;
import io.ebbflow.runtime.network.NetworkBuffer;
import io.ebbflow.runtime.operators.Output;
import io.ebbflow.runtime.serialization.DataInputBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Drives a subtask that reads an input gate: takes the next buffer from any channel and processes its
 * elements (records into the chain, watermarks through the {@link WatermarkValve}, barriers through the
 * {@link BarrierAligner}, ends of partition to both), between mailbox checks and flushes, until every
 * channel has ended or the subtask is cancelled. A channel blocked at a barrier stops mid-buffer; the rest
 * of that buffer is kept and read first when the channel is unblocked. Used by its subtask's thread only.
 */
final class InputDriver {

    private final StreamTask task;
    private final TaskMetrics metrics;
    private final OutputFlusher flusher;
    private final Snapshotter snapshotter;
    private final InputGate gate;
    private final InputChannel[] channels;
    private final Output<Object> head;
    private final WatermarkValve valve;
    private final BarrierAligner aligner;
    /** The rest of the buffer each blocked channel was reading, and the unblocked channels to read it from, in order. */
    private final byte[][] stash;
    private final ArrayDeque<Integer> resumable = new ArrayDeque<>();
    private final DataInputBuffer in = new DataInputBuffer();
    /** Whether this subtask last told its consumers it is idle. */
    private boolean idle;

    /** @param head where the records go: the chain's first operator */
    InputDriver(StreamTask task, InputGate gate, OutputFlusher flusher, Snapshotter snapshotter, Output<Object> head) {
        this.task = task;
        this.metrics = task.metrics();
        this.gate = gate;
        this.flusher = flusher;
        this.snapshotter = snapshotter;
        this.channels = gate.channels();
        this.head = head;
        this.valve = new WatermarkValve(channels.length);
        this.aligner = new BarrierAligner(channels.length, new Alignment());
        this.stash = new byte[channels.length][];
    }

    void run() throws Exception {
        while (aligner.openChannels() > 0 && !task.isCancelled()) {
            task.drainMailbox();
            flusher.maybeFlush();
            Integer resume = resumable.poll();
            if (resume != null) {
                // The rest of a buffer read up to a barrier, before anything newer from that channel.
                byte[] rest = stash[resume];
                stash[resume] = null;
                if (rest != null) {
                    processBytes(channels[resume], rest, 0, rest.length);
                }
                continue;
            }
            InputGate.Polled polled = gate.poll(flusher.waitNanos());
            if (polled == null) {
                flusher.flushIfIdle();
                continue;
            }
            NetworkBuffer buffer = polled.buffer();
            metrics.bytesIn(buffer.size());
            try {
                processBytes(polled.channel(), buffer.data(), 0, buffer.size());
            } finally {
                buffer.recycle();
            }
            metrics.publish();
        }
    }

    /** The input ended: the final watermark goes down the chain, unless the channels brought it already. */
    void endOfInput() {
        emitWatermark(valve.endOfInput());
    }

    /** Processes the elements of a buffer; stops early (stashing the rest) when its channel blocks at a barrier. */
    private void processBytes(InputChannel channel, byte[] data, int offset, int length) throws Exception {
        int c = channel.index();
        Output<Object> head = this.head;
        in.reset(data, offset, length);
        while (in.hasRemaining()) {
            byte kind = in.readByte();
            switch (kind) {
                case StreamElements.RECORD -> {
                    Object record = channel.codec().read(in);
                    metrics.recordIn();
                    head.collect(record, Output.NO_TIMESTAMP);
                }
                case StreamElements.RECORD_WITH_TIMESTAMP -> {
                    long ts = in.readLong();
                    Object record = channel.codec().read(in);
                    metrics.recordIn();
                    head.collect(record, ts);
                }
                case StreamElements.WATERMARK -> emitWatermark(valve.inputWatermark(c, in.readLong()));
                case StreamElements.WATERMARK_STATUS -> {
                    boolean channelIdle = in.readBoolean();
                    long watermark = valve.inputStatus(c, channelIdle);
                    if (!channelIdle) {
                        statusChanged(); // active before anything the channel sends next
                    }
                    emitWatermark(watermark);
                    statusChanged();
                }
                case StreamElements.BARRIER -> {
                    CheckpointBarrier barrier = new CheckpointBarrier(in.readLong(), in.readLong(), null, false);
                    boolean savepoint = in.readBoolean();
                    barrier = new CheckpointBarrier(barrier.id(), barrier.timestamp(), in.readString(), savepoint);
                    int end = offset + length;
                    int pos = in.position();
                    if (aligner.onBarrier(c, barrier)) {
                        if (pos < end) {
                            stash[c] = Arrays.copyOfRange(data, pos, end);
                        }
                        return;
                    }
                    in.reset(data, pos, end - pos); // a checkpoint may have used the reader
                }
                case StreamElements.END_OF_PARTITION -> {
                    emitWatermark(valve.channelFinished(c));
                    statusChanged();
                    aligner.channelFinished(c);
                }
                default -> throw new IllegalStateException("corrupt buffer on input channel " + c
                        + ": unknown element kind " + kind);
            }
        }
    }

    /** Tells the consumers when this subtask's input became idle (every open channel idle) or active again. */
    private void statusChanged() {
        boolean now = valve.idle();
        if (now != idle) {
            idle = now;
            task.emitWatermarkStatus(now);
        }
    }

    private void emitWatermark(long watermark) {
        if (watermark != WatermarkValve.NONE) {
            head.emitWatermark(watermark);
        }
    }

    /** Alignment on this subtask's gate, stash and checkpoints. */
    private final class Alignment implements BarrierAligner.Context {

        @Override
        public void block(int channel) {
            gate.block(channel);
        }

        @Override
        public void unblock(int channel) {
            if (stash[channel] != null) {
                resumable.add(channel);
            }
            gate.unblock(channel);
        }

        @Override
        public void checkpoint(CheckpointBarrier barrier) throws Exception {
            snapshotter.snapshot(barrier);
        }

        @Override
        public void abandon(long checkpointId, long newerId) {
            snapshotter.abandon(checkpointId, newerId);
        }
    }
}
