package io.ebbflow.core.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec of one message record: a 4-byte length then the record as JSON. Local delivery
 * passes the (immutable) record itself. Decoding never throws: bytes that do not make a valid record,
 * or more bytes than {@code rpc.max-message-size}, decode to a {@link MalformedMessage} that the
 * receiving {@link Inbox} refuses with an error reply.
 */
public final class ProtocolCodec<T extends ProtocolMessage> implements MessageCodec<T, Object> {

    private final Class<T> type;
    private final long maxBytes;

    public ProtocolCodec(Class<T> type, long maxBytes) {
        this.type = type;
        this.maxBytes = maxBytes;
    }

    /** The codec name on the wire: the record's class name. */
    public static String nameOf(Class<?> type) {
        return "ebbflow:" + type.getName();
    }

    @Override
    public void encodeToWire(Buffer buffer, T message) {
        byte[] json = ProtocolJson.encode(message);
        buffer.appendInt(json.length).appendBytes(json);
    }

    @Override
    public Object decodeFromWire(int pos, Buffer buffer) {
        if (buffer.length() - pos < 4) {
            return new MalformedMessage(ProtocolError.MALFORMED, "truncated " + type.getSimpleName() + " on the wire");
        }
        int length = buffer.getInt(pos);
        if (length < 0 || length > buffer.length() - pos - 4) {
            return new MalformedMessage(ProtocolError.MALFORMED, "truncated " + type.getSimpleName() + " on the wire");
        }
        if (length > maxBytes) {
            return new MalformedMessage(ProtocolError.OVERSIZED, type.getSimpleName() + " of " + length
                    + " bytes exceeds rpc.max-message-size (" + maxBytes + " bytes)");
        }
        try {
            return ProtocolJson.decode(buffer.getBytes(pos + 4, pos + 4 + length), type);
        } catch (ProtocolException e) {
            return new MalformedMessage(e.error(), e.getMessage());
        }
    }

    @Override
    public Object transform(T message) {
        return message;
    }

    @Override
    public String name() {
        return nameOf(type);
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
