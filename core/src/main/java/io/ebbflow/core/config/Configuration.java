package io.ebbflow.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, validated set of option values. Values were parsed and range-checked when the
 * configuration was built ({@link ConfigLoader} for files and {@code -D}, {@link #builder()} in code),
 * so {@link #get(ConfigOption)} never fails for an option that has a default.
 */
public final class Configuration {

    private static final Configuration EMPTY = new Configuration(Map.of(), Map.of());

    private final Map<String, Object> values;
    private final Map<String, String> sources;

    private Configuration(Map<String, Object> values, Map<String, String> sources) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /** Every option at its default. */
    public static Configuration defaults() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configured value, else the option's default.
     *
     * @throws IllegalStateException if the option is unset and has no default
     */
    public <T> T get(ConfigOption<T> option) {
        return getOptional(option).orElseThrow(() -> new IllegalStateException(
                "config key '" + option.key() + "' is not set and has no default"));
    }

    /** The configured value, else the option's default, else empty. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        Object v = values.get(option.key());
        if (v != null) {
            return Optional.of((T) v);
        }
        return option.defaultValue();
    }

    /** Whether the option was set explicitly (under its key or a fallback key). */
    public boolean contains(ConfigOption<?> option) {
        return values.containsKey(option.key());
    }

    /** Where an explicitly set value came from ("config.yaml", "-D", "code"), or empty. */
    public Optional<String> sourceOf(ConfigOption<?> option) {
        return Optional.ofNullable(sources.get(option.key()));
    }

    /** The explicitly set values by canonical key. Never log these: use {@link #loggableValues()}. */
    public Map<String, Object> explicitValues() {
        return values;
    }

    /**
     * The explicitly set values for logging at start-up, with the value of every secret option (a token, a
     * password, a secret: see {@link #isSecret(String)}) replaced by {@code ******}.
     */
    public Map<String, Object> loggableValues() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, isSecret(k) ? "******" : v));
        return out;
    }

    /**
     * Whether the key names a secret, whose value is never logged or shown: it mentions a token, a password or a
     * secret, and is not the path of a file holding one ({@code ...-file}).
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return !k.endsWith("-file") && (k.contains("token") || k.contains("password") || k.contains("secret"));
    }

    /** A copy with one more value set, as if from code. */
    public <T> Configuration with(ConfigOption<T> option, T value) {
        return toBuilder().set(option, value).build();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.sources.putAll(sources);
        return b;
    }

    @Override
    public String toString() {
        return "Configuration" + values;
    }

    /** Sets values in code; each is validated like a value read from a file. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, String> sources = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @throws ConfigException if the value is out of the option's range
         */
        public <T> Builder set(ConfigOption<T> option, T value) {
            return set(option, value, "code");
        }

        <T> Builder set(ConfigOption<T> option, T value, String source) {
            String problem = null;
            try {
                option.parse(value instanceof String s ? s : formatForParse(option, value));
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                throw new ConfigException("'" + option.key() + "' = '" + value + "' (" + source + "): " + problem);
            }
            values.put(option.key(), value);
            sources.put(option.key(), source);
            return this;
        }

        /** Sets a value that was already parsed by {@link ConfigOption#parse(Object)}. */
        Builder setParsed(ConfigOption<?> option, Object value, String source) {
            values.put(option.key(), value);
            sources.put(option.key(), source);
            return this;
        }

        public Configuration build() {
            return new Configuration(values, sources);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object formatForParse(ConfigOption option, Object value) {
            // Re-parse through the type's formatter so code-set values get the same range checks.
            if (value instanceof java.util.List<?>) {
                return value;
            }
            return option.type().format(value);
        }
    }
}
