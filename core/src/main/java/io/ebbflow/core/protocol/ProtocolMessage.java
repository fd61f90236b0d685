package io.ebbflow.core.protocol;

/**
 * Marker of every record that travels on the clustered event bus. Each is immutable, validates its
 * fields in its constructor (so an invalid instance cannot exist, on either side of the wire) and is
 * encoded as JSON by {@link ProtocolCodec}: never with Java serialization.
 */
public interface ProtocolMessage {
}
