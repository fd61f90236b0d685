package io.ebbflow.connector.kafka.source;

import io.ebbflow.api.serialization.DeserializationSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** UTF-8 strings, except that a value starting with "bad" cannot be deserialized. */
final class RejectingSchema implements DeserializationSchema<String> {

    private static final long serialVersionUID = 1L;

    @Override
    public String deserialize(byte[] message) throws IOException {
        String s = new String(message, StandardCharsets.UTF_8);
        if (s.startsWith("bad")) {
            throw new IOException("'" + s + "' is not a valid record");
        }
        return s;
    }
}
