package io.ebbflow.runtime.network;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The data-plane wire format: {@code [int length][byte type][payload]}, length counting type and payload.
 * <ul>
 *   <li>SUBSCRIBE (consumer → producer): receiver id, subpartition, initial credit, job id, partition id, and the
 *       proof that the consumer belongs to that job (an HMAC under the job's secret, see
 *       {@link NetworkEnvironment}); strings as an unsigned short length and UTF-8 bytes</li>
 *   <li>BUFFER (producer → consumer): receiver id, the buffer's bytes</li>
 *   <li>CREDIT (consumer → producer): receiver id, buffers the consumer can take in addition</li>
 *   <li>ERROR (producer → consumer): receiver id, message (the partition failed or does not exist)</li>
 *   <li>CANCEL (consumer → producer): receiver id</li>
 * </ul>
 * Receiver ids are chosen by the consumer side of a connection, one per input channel.
 */
final class Frames {

    static final byte SUBSCRIBE = 1;
    static final byte BUFFER = 2;
    static final byte CREDIT = 3;
    static final byte ERROR = 4;
    static final byte CANCEL = 5;

    /** Largest frame accepted: a buffer plus headers, with room for oversized single records. */
    static final int MAX_FRAME = 64 * 1024 * 1024;

    private Frames() {
    }

    static Buffer subscribe(int receiverId, String jobId, String partitionId, int subpartition, int credit,
            String proof) {
        byte[] job = jobId.getBytes(StandardCharsets.UTF_8);
        byte[] id = partitionId.getBytes(StandardCharsets.UTF_8);
        byte[] p = proof.getBytes(StandardCharsets.UTF_8);
        int length = 1 + 12 + 2 + job.length + 2 + id.length + 2 + p.length;
        return Buffer.buffer(4 + length).appendInt(length).appendByte(SUBSCRIBE)
                .appendInt(receiverId).appendInt(subpartition).appendInt(credit).appendUnsignedShort(job.length)
                .appendBytes(job).appendUnsignedShort(id.length).appendBytes(id).appendUnsignedShort(p.length)
                .appendBytes(p);
    }

    /** A SUBSCRIBE frame's fields; {@link #parseSubscribe} refuses a frame whose lengths do not add up. */
    record Subscribe(int receiverId, int subpartition, int credit, String jobId, String partitionId, String proof) {
    }

    static Subscribe parseSubscribe(Buffer f) {
        if (f.length() < 19) {
            throw new IllegalArgumentException("a SUBSCRIBE frame of " + f.length() + " bytes is too short");
        }
        int[] at = {13};
        String jobId = string(f, at, "job id");
        String partitionId = string(f, at, "partition id");
        String proof = string(f, at, "proof");
        if (at[0] != f.length()) {
            throw new IllegalArgumentException("a SUBSCRIBE frame has " + (f.length() - at[0]) + " bytes after its proof");
        }
        return new Subscribe(f.getInt(1), f.getInt(5), f.getInt(9), jobId, partitionId, proof);
    }

    /** A string at {@code at[0]} (unsigned short length, UTF-8), moving {@code at[0]} past it. */
    private static String string(Buffer f, int[] at, String what) {
        if (at[0] + 2 > f.length()) {
            throw new IllegalArgumentException("a SUBSCRIBE frame ends before its " + what);
        }
        int length = f.getUnsignedShort(at[0]);
        int start = at[0] + 2;
        if (start + length > f.length()) {
            throw new IllegalArgumentException("a SUBSCRIBE frame's " + what + " runs past its end");
        }
        at[0] = start + length;
        return f.getString(start, start + length, "UTF-8");
    }

    static Buffer buffer(int receiverId, NetworkBuffer b) {
        return Buffer.buffer(4 + 1 + 4 + b.size()).appendInt(1 + 4 + b.size()).appendByte(BUFFER).appendInt(receiverId)
                .appendBytes(b.data(), 0, b.size());
    }

    static Buffer credit(int receiverId, int credit) {
        return Buffer.buffer(13).appendInt(9).appendByte(CREDIT).appendInt(receiverId).appendInt(credit);
    }

    static Buffer error(int receiverId, String message) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(4 + 1 + 4 + m.length).appendInt(1 + 4 + m.length).appendByte(ERROR).appendInt(receiverId)
                .appendBytes(m);
    }

    static Buffer cancel(int receiverId) {
        return Buffer.buffer(9).appendInt(5).appendByte(CANCEL).appendInt(receiverId);
    }
}
