package io.ebbflow.core.protocol;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each refused message once, at WARN, without a stack trace; a flood of identical refusals
 * (same endpoint, same error) is summarised instead of logged line by line. Also counts refusals in
 * {@code ebbflow_protocol_rejected_messages_total}.
 */
final class RejectionLog {

    private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);
    private static final long QUIET_NANOS = 10_000_000_000L;

    private final String service;
    private final MeterRegistry registry;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RejectionLog(String service, MeterRegistry registry) {
        this.service = service;
        this.registry = registry;
    }

    void rejected(String endpointName, String address, ProtocolError error, String reason) {
        if (registry != null) {
            Counter.builder("ebbflow.protocol.rejected.messages")
                    .description("Control messages refused with an error reply")
                    .tag("service", service).tag("endpoint", endpointName).tag("error", error.name())
                    .register(registry).increment();
        }
        String key = endpointName + "|" + error;
        long now = System.nanoTime();
        Window w = windows.computeIfAbsent(key, k -> new Window());
        long suppressed;
        synchronized (w) {
            if (w.lastLogged != 0 && now - w.lastLogged < QUIET_NANOS) {
                w.suppressed++;
                return;
            }
            suppressed = w.suppressed;
            w.suppressed = 0;
            w.lastLogged = now;
        }
        if (suppressed > 0) {
            LOG.warn("Refused message on {}: {} {} ({} similar refusals in the last 10 s not logged)", address,
                    error, reason, suppressed);
        } else {
            LOG.warn("Refused message on {}: {} {}", address, error, reason);
        }
    }

    private static final class Window {
        long lastLogged;
        long suppressed;
    }
}
