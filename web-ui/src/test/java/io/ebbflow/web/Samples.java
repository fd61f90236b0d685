package io.ebbflow.web;

import io.ebbflow.core.testing.ProtocolSamples;

/** The sample messages of core's {@link ProtocolSamples}, by type. */
final class Samples {

    private Samples() {
    }

    /** The first sample message of {@code type}. */
    static <T> T of(Class<T> type) {
        return ProtocolSamples.all().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
