package io.ebbflow.core.protocol;

/** The reply to a request that returns nothing but success. */
public record Ack() implements ProtocolMessage {

    public static final Ack INSTANCE = new Ack();
}
