package io.ebbflow.core.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every refusal of a security check goes: a REST call without the token, a blob fetch by a process that
 * holds no slot of the job, a data-plane subscription without the job's proof, a class name from the wire that
 * is not allowed, a client without a trusted certificate. Each is counted in
 * {@code ebbflow_security_refusals_total} (tags: {@code service}, {@code channel}, {@code reason}) and logged at
 * WARN once per source and channel; further refusals of the same source within 10 s are summed into the next
 * line instead of logged one by one, so a flood cannot fill the log.
 *
 * <p>Thread-safe: network threads, event loops and subtask threads report here.
 */
public final class SecurityRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityRefusals.class);
    static final long QUIET_NANOS = 10_000_000_000L;
    /** At most this many sources remembered; beyond, the oldest windows are dropped (a scan of many addresses). */
    private static final int MAX_SOURCES = 10_000;

    private final String service;
    private final MeterRegistry registry;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public SecurityRefusals(String service, MeterRegistry registry) {
        this(service, registry, System::nanoTime);
    }

    SecurityRefusals(String service, MeterRegistry registry, LongSupplier nanoTime) {
        this.service = service;
        this.registry = registry;
        this.nanoTime = nanoTime;
    }

    /** Refusals counted by a registry of their own and logged, for tests and parts without a cluster. */
    public static SecurityRefusals standalone(String service) {
        return new SecurityRefusals(service, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /**
     * Counts and logs one refusal.
     *
     * @param channel what was refused on: {@code rest}, {@code blob}, {@code data}, {@code bridge}, {@code tls}, {@code classes}, ...
     * @param reason a short constant naming the check that failed (a metric tag: no user input in it)
     * @param source who was refused (a remote address, a TaskExecutor id), for the log only
     * @param detail a sentence for the log; never a secret
     * @return whether this refusal was logged (false: it was summed into a later line)
     */
    public boolean refused(String channel, String reason, String source, String detail) {
        countOnly(channel, reason);
        if (windows.size() > MAX_SOURCES) {
            windows.clear();
        }
        long now = nanoTime.getAsLong();
        Window w = windows.computeIfAbsent(channel + "|" + source, k -> new Window());
        long suppressed;
        synchronized (w) {
            if (w.logged && now - w.lastLogged < QUIET_NANOS) {
                w.suppressed++;
                return false;
            }
            suppressed = w.suppressed;
            w.suppressed = 0;
            w.lastLogged = now;
            w.logged = true;
        }
        if (suppressed > 0) {
            LOG.warn("Refused on {} from {} ({}): {} ({} more refusals from there in the last 10 s not logged)", channel,
                    source, reason, detail, suppressed);
        } else {
            LOG.warn("Refused on {} from {} ({}): {}", channel, source, reason, detail);
        }
        return true;
    }

    /** Counts a refusal the caller logs itself. */
    public void countOnly(String channel, String reason) {
        Counter.builder("ebbflow.security.refusals").description("Requests refused by a security check")
                .tag("service", service).tag("channel", channel).tag("reason", reason)
                .register(registry).increment();
    }

    /** How many refusals were counted on a channel (all reasons), for tests and reports. */
    public double count(String channel) {
        return registry.find("ebbflow.security.refusals").tag("service", service).tag("channel", channel).counters()
                .stream().mapToDouble(Counter::count).sum();
    }

    /** How many refusals were counted on a channel for one reason. */
    public double count(String channel, String reason) {
        return registry.find("ebbflow.security.refusals").tag("service", service).tag("channel", channel)
                .tag("reason", reason).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static final class Window {
        boolean logged;
        long lastLogged;
        long suppressed;
    }

    /** Text from the network as a refusal's message shows it: at most 100 characters of it. */
    public static String abbreviate(String untrusted) {
        return untrusted.length() <= 100 ? untrusted : untrusted.substring(0, 100) + "...";
    }
}
