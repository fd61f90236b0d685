package io.ebbflow.connector.kafka.source.enumerator.initializer;

import java.util.Map;

/** An {@link OffsetsInitializer} that needs something of the source's properties, checked when the source is built. */
public interface OffsetsInitializerValidator {

    /** @throws IllegalStateException naming what is missing */
    void validate(Map<String, String> sourceProperties);
}
