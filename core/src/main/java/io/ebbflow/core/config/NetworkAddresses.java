package io.ebbflow.core.config;

import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.RestOptions;
import java.util.Objects;

/**
 * Where a service's listeners bind and which address it announces to its peers, from
 * {@code cluster.bind-host} and {@code cluster.host}. A service with keys of its own (a TaskExecutor's
 * {@code taskmanager.host} and {@code taskmanager.bind-host}, a JobMaster's {@code jobmanager.bind-host})
 * folds them into those two with {@link #withServiceKeys} once, at start, so every listener reads the same
 * pair. With nothing set both are 127.0.0.1: one machine needs no configuration.
 *
 * @param bindHost the address every listener of the service binds: one interface, or a wildcard
 *     ({@code 0.0.0.0}, {@code ::}) for all of them
 * @param advertisedHost the address peers use to reach this service: never a wildcard
 */
public record NetworkAddresses(String bindHost, String advertisedHost) {

    public NetworkAddresses {
        Objects.requireNonNull(bindHost, "bindHost");
        String problem = checkAdvertised(advertisedHost);
        if (problem != null) {
            throw new ConfigException("'" + ClusterOptions.HOST.key() + "': " + problem);
        }
    }

    /** The service's addresses from {@code cluster.host} and {@code cluster.bind-host} (which defaults to it). */
    public static NetworkAddresses of(Configuration config) {
        String advertised = config.get(ClusterOptions.HOST);
        return new NetworkAddresses(config.getOptional(ClusterOptions.BIND_HOST).orElse(advertised), advertised);
    }

    /**
     * The configuration with a service's own address keys, where set, in place of {@code cluster.host} and
     * {@code cluster.bind-host}.
     *
     * @param host the service's announced-address key, or null if it has none
     * @param bindHost the service's bind-address key, or null if it has none
     */
    public static Configuration withServiceKeys(Configuration config, ConfigOption<String> host,
            ConfigOption<String> bindHost) {
        Configuration c = config;
        if (host != null && c.contains(host)) {
            c = c.with(ClusterOptions.HOST, c.get(host));
        }
        if (bindHost != null && c.contains(bindHost)) {
            c = c.with(ClusterOptions.BIND_HOST, c.get(bindHost));
        }
        return c;
    }

    /** Whether the service binds every interface. */
    public boolean bindsAll() {
        return isWildcard(bindHost);
    }

    /** Whether this service binds another address than the one it announces. */
    public boolean bindsElsewhere() {
        return !bindHost.equals(advertisedHost);
    }

    /**
     * The address clients use for the REST gateway: {@code rest.address}, else {@code rest.bind-address}
     * unless that is a wildcard, else {@code cluster.host}.
     */
    public static String restAddress(Configuration config) {
        return config.getOptional(RestOptions.ADDRESS).orElseGet(() -> {
            String bind = config.get(RestOptions.BIND_ADDRESS);
            return isWildcard(bind) ? config.get(ClusterOptions.HOST) : bind;
        });
    }

    /** {@code 0.0.0.0}, {@code ::}, {@code [::]} or {@code *}: every interface. */
    public static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
    }

    /** Null if {@code host} can be announced to peers, else what is wrong (for option validation). */
    public static String checkAdvertised(String host) {
        if (host == null || host.isBlank()) {
            return "expected a non-empty host or IP address";
        }
        if (isWildcard(host)) {
            return "'" + host + "' is a wildcard that peers cannot connect to: announce this host's own address "
                    + "and bind the wildcard with '" + ClusterOptions.BIND_HOST.key() + "' (or the service's bind-host)";
        }
        return null;
    }
}
