package io.ebbflow.runtime.network;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The data-plane wire format: {@code [int length][byte type][payload]}, length counting type and payload.
 * <ul>
 *   <li>SUBSCRIBE (consumer → producer): receiver id, subpartition, initial credit, partition id</li>
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

    static Buffer subscribe(int receiverId, String partitionId, int subpartition, int credit) {
        byte[] id = partitionId.getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(4 + 1 + 12 + 2 + id.length).appendInt(1 + 12 + 2 + id.length).appendByte(SUBSCRIBE)
                .appendInt(receiverId).appendInt(subpartition).appendInt(credit).appendShort((short) id.length)
                .appendBytes(id);
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
