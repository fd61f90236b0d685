package io.ebbflow.core.protocol;

/**
 * What a {@link ProtocolCodec} hands to a consumer instead of throwing when the bytes on the wire are
 * not a valid message: the {@link Inbox} turns it into an error reply. Never sent.
 *
 * @param error why it was refused
 * @param reason one sentence for the error reply and the log
 */
public record MalformedMessage(ProtocolError error, String reason) {
}
