package io.ebbflow.core.protocol;

/**
 * Why a control message was refused. The code travels as the failure code of the error reply, the
 * reason as its message, so a caller (or a bridge client) can tell the cases apart.
 */
public enum ProtocolError {
    /** The body is not a valid message of the endpoint's type (bad JSON, wrong type, missing or invalid field). */
    MALFORMED(400),
    /** The sender is not known here (not registered, or registered under another id); register first. */
    UNKNOWN_SENDER(404),
    /** The message is valid but refers to something that does not exist here (a slot index, a job). */
    NOT_FOUND(410),
    /** The message carries an older epoch or fencing token than this service already saw. */
    STALE(409),
    /** The request conflicts with the current state (for example a slot that is allocated to another job). */
    CONFLICT(423),
    /** The message is larger than {@code rpc.max-message-size}. */
    OVERSIZED(413),
    /** The receiver is shutting down or not ready yet; try again elsewhere or later. */
    UNAVAILABLE(503),
    /** An unexpected error in the handler; logged with its stack trace on the receiving side. */
    INTERNAL(500);

    private final int code;

    ProtocolError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The error with this code, or {@link #INTERNAL} for unknown codes. */
    public static ProtocolError ofCode(int code) {
        for (ProtocolError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return INTERNAL;
    }
}
