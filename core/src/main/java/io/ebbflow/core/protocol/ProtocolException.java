package io.ebbflow.core.protocol;

/**
 * A handler's way of refusing a message: the error reply carries {@link #error()}'s code and this
 * exception's message. Also what a {@link BusClient} call fails with when the receiver refused.
 */
public final class ProtocolException extends RuntimeException {

    private final ProtocolError error;

    public ProtocolException(ProtocolError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public ProtocolError error() {
        return error;
    }

    public static ProtocolException malformed(String message) {
        return new ProtocolException(ProtocolError.MALFORMED, message);
    }

    public static ProtocolException stale(String message) {
        return new ProtocolException(ProtocolError.STALE, message);
    }

    public static ProtocolException unknownSender(String message) {
        return new ProtocolException(ProtocolError.UNKNOWN_SENDER, message);
    }

    public static ProtocolException conflict(String message) {
        return new ProtocolException(ProtocolError.CONFLICT, message);
    }

    public static ProtocolException notFound(String message) {
        return new ProtocolException(ProtocolError.NOT_FOUND, message);
    }

    public static ProtocolException unavailable(String message) {
        return new ProtocolException(ProtocolError.UNAVAILABLE, message);
    }

    @Override
    public String toString() {
        return error + " (" + error.code() + "): " + getMessage();
    }
}
