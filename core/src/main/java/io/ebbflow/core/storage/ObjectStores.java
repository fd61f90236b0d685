package io.ebbflow.core.storage;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.S3Options;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's S3 clients, one per distinct {@link S3Settings}, so that code that only has a location string
 * (a checkpoint directory in a message, a state file of a restore) reaches the same store as the service that
 * configured it. A service calls {@link #initialize} with its configuration at start (as Flink initializes its
 * file systems from the configuration); {@link #get()} then returns that store.
 */
public final class ObjectStores {

    private static final Map<S3Settings, S3ObjectStore> STORES = new ConcurrentHashMap<>();
    private static volatile S3Settings configured;

    private ObjectStores() {
    }

    /** Makes {@code config}'s {@code s3.*} settings the ones {@link #get()} uses. */
    public static void initialize(Configuration config) {
        configured = S3Settings.from(config);
    }

    /** The store of {@code config}'s {@code s3.*} settings (created on first use, then shared). */
    public static ObjectStore forConfig(Configuration config) {
        return STORES.computeIfAbsent(S3Settings.from(config), S3ObjectStore::new);
    }

    /** The store of the settings given to {@link #initialize} (the defaults if none were). */
    public static ObjectStore get() {
        S3Settings s = configured;
        return STORES.computeIfAbsent(s != null ? s : S3Settings.from(Configuration.defaults()), S3ObjectStore::new);
    }

    /** {@code values} with the S3 secret masked, for logs. */
    public static Map<String, Object> masked(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>(values);
        out.computeIfPresent(S3Options.SECRET_KEY.key(), (k, v) -> "***");
        return out;
    }
}
