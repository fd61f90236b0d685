package io.ebbflow.runtime.task;

import io.ebbflow.runtime.network.BufferPool;
import io.ebbflow.runtime.network.NetworkBuffer;
import io.ebbflow.runtime.network.ResultPartition;
import io.ebbflow.runtime.serialization.DataOutputBuffer;
import io.ebbflow.runtime.serialization.RecordCodec;

/**
 * Serializes one output's records into per-channel buffers and hands full buffers to the partition's
 * subpartitions; {@link #flush()} hands over partly filled ones (on the buffer timeout). Each channel has
 * its own codec (class dictionary), since each is read as its own stream. Used by its subtask's thread.
 */
final class RecordWriter {

    private final ResultPartition partition;
    private final BufferPool pool;
    private final ChannelSelector selector;
    private final RecordCodec[] codecs;
    private final NetworkBuffer[] current;
    private final DataOutputBuffer scratch = new DataOutputBuffer(256);
    private final TaskMetrics metrics;

    RecordWriter(ResultPartition partition, ChannelSelector selector, ClassLoader classLoader, TaskMetrics metrics) {
        this.partition = partition;
        this.pool = partition.pool();
        this.selector = selector;
        int n = partition.numSubpartitions();
        this.codecs = new RecordCodec[n];
        this.current = new NetworkBuffer[n];
        for (int i = 0; i < n; i++) {
            codecs[i] = new RecordCodec(classLoader);
        }
        this.metrics = metrics;
    }

    void emit(Object record, long timestamp) throws Exception {
        int channel = selector.select(record);
        if (channel == ChannelSelector.ALL) {
            for (int c = 0; c < codecs.length; c++) {
                write(c, record, timestamp);
            }
        } else {
            write(channel, record, timestamp);
        }
    }

    private void write(int channel, Object record, long timestamp) throws Exception {
        DataOutputBuffer s = scratch;
        s.reset();
        if (timestamp == Long.MIN_VALUE) {
            s.writeByte(StreamElements.RECORD);
        } else {
            s.writeByte(StreamElements.RECORD_WITH_TIMESTAMP);
            s.writeLong(timestamp);
        }
        codecs[channel].write(record, s);
        append(channel, s);
    }

    void broadcastWatermark(long watermark) throws InterruptedException {
        for (int c = 0; c < codecs.length; c++) {
            scratch.reset();
            scratch.writeByte(StreamElements.WATERMARK);
            scratch.writeLong(watermark);
            append(c, scratch);
        }
    }

    /** Tells every channel whether this output is idle (see {@link StreamElements#WATERMARK_STATUS}). */
    void broadcastStatus(boolean idle) throws InterruptedException {
        for (int c = 0; c < codecs.length; c++) {
            scratch.reset();
            scratch.writeByte(StreamElements.WATERMARK_STATUS);
            scratch.writeBoolean(idle);
            append(c, scratch);
        }
    }

    /** Sends a checkpoint barrier down every channel and hands it over at once. */
    void broadcastBarrier(io.ebbflow.runtime.checkpoint.CheckpointBarrier barrier) throws InterruptedException {
        for (int c = 0; c < codecs.length; c++) {
            scratch.reset();
            scratch.writeByte(StreamElements.BARRIER);
            scratch.writeLong(barrier.id());
            scratch.writeLong(barrier.timestamp());
            scratch.writeBoolean(barrier.savepoint());
            scratch.writeString(barrier.directory());
            append(c, scratch);
        }
        flush();
    }

    private void append(int channel, DataOutputBuffer s) throws InterruptedException {
        int len = s.length();
        NetworkBuffer b = current[channel];
        if (b != null && b.free() < len) {
            handOver(channel, b, false);
            b = null;
        }
        if (b == null) {
            if (len > pool.bufferSize()) {
                // A record larger than a buffer travels in a buffer of its own.
                NetworkBuffer big = new NetworkBuffer(new byte[len], 0, null);
                copy(big, s);
                handOver(channel, big, false);
                return;
            }
            b = pool.request();
            current[channel] = b;
        }
        copy(b, s);
    }

    private static void copy(NetworkBuffer b, DataOutputBuffer s) {
        b.append(s.data(), 0, s.length());
    }

    private void handOver(int channel, NetworkBuffer b, boolean last) {
        current[channel] = null;
        metrics.bytesOut(b.size());
        if (last) {
            partition.subpartition(channel).addFinal(b);
        } else {
            partition.subpartition(channel).add(b);
        }
    }

    /** Hands over every non-empty buffer. */
    void flush() {
        for (int c = 0; c < current.length; c++) {
            NetworkBuffer b = current[c];
            if (b != null && b.size() > 0) {
                handOver(c, b, false);
            }
        }
    }

    /** Ends every channel: an end-of-partition element, then the final hand-over. */
    void finish() throws InterruptedException {
        for (int c = 0; c < codecs.length; c++) {
            scratch.reset();
            scratch.writeByte(StreamElements.END_OF_PARTITION);
            append(c, scratch);
            handOver(c, current[c], true);
        }
    }

    ResultPartition partition() {
        return partition;
    }
}
