package io.ebbflow.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One typed configuration option, declared once: its key, type, default, description, the older keys
 * that are still read, and a check of the value's range.
 *
 * <p>Options are declared as {@code public static final} fields of the classes listed in
 * {@link AllOptions}; that list is what the loader accepts (an unknown key stops a service at start)
 * and what {@code docs/configuration.md} is generated from. Build them with {@link #key(String)}.
 *
 * @param <T> the value type
 */
public final class ConfigOption<T> {

    private final String key;
    private final ConfigType<T> type;
    private final T defaultValue;
    private final String defaultDescription;
    private final String description;
    private final List<String> fallbackKeys;
    private final Function<T, String> validator;
    private final String validDescription;

    private ConfigOption(String key, ConfigType<T> type, T defaultValue, String defaultDescription,
            String description, List<String> fallbackKeys, Function<T, String> validator, String validDescription) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultDescription = defaultDescription;
        this.description = description;
        this.fallbackKeys = List.copyOf(fallbackKeys);
        this.validator = validator;
        this.validDescription = validDescription;
    }

    /** Starts the declaration of an option with this key. */
    public static TypeStep key(String key) {
        if (key == null || !key.matches("[a-zA-Z0-9][a-zA-Z0-9._-]*")) {
            throw new IllegalArgumentException("invalid config key '" + key + "'");
        }
        return new TypeStep(key);
    }

    public String key() {
        return key;
    }

    public ConfigType<T> type() {
        return type;
    }

    /** The default, or empty when the option has none (then it must be set, or the caller derives one). */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** How the default reads in the docs: the formatted default, or a sentence when it is derived. */
    public String defaultDescription() {
        if (defaultDescription != null) {
            return defaultDescription;
        }
        return defaultValue == null ? "(none)" : type.format(defaultValue);
    }

    public String description() {
        return description;
    }

    /** Older or Flink-specific keys that are read when {@link #key()} is absent, in order. */
    public List<String> fallbackKeys() {
        return fallbackKeys;
    }

    /** A short statement of the valid range for error messages and docs, or empty if any value goes. */
    public String validDescription() {
        return validDescription == null ? "" : validDescription;
    }

    /**
     * Parses a raw value read from YAML or the command line and checks its range.
     *
     * @throws IllegalArgumentException with a message that says what was expected
     */
    public T parse(Object raw) {
        T value = type.parse(raw);
        if (validator != null) {
            String problem = validator.apply(value);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return key;
    }

    /** First builder step: choose the type. */
    public static final class TypeStep {
        private final String key;

        private TypeStep(String key) {
            this.key = key;
        }

        public Builder<Boolean> booleanType() {
            return new Builder<>(key, ConfigType.BOOLEAN);
        }

        public Builder<Integer> intType() {
            return new Builder<>(key, ConfigType.INTEGER);
        }

        public Builder<Double> doubleType() {
            return new Builder<>(key, ConfigType.DOUBLE);
        }

        public Builder<String> stringType() {
            return new Builder<>(key, ConfigType.STRING);
        }

        public Builder<java.time.Duration> durationType() {
            return new Builder<>(key, ConfigType.DURATION);
        }

        public Builder<MemorySize> memoryType() {
            return new Builder<>(key, ConfigType.MEMORY_SIZE);
        }

        public Builder<List<String>> stringListType() {
            return new Builder<>(key, ConfigType.STRING_LIST);
        }

        public <E extends Enum<E>> Builder<E> enumType(Class<E> enumClass) {
            return new Builder<>(key, ConfigType.enumType(enumClass));
        }
    }

    /** Remaining builder steps; {@link #withDescription(String)} finishes the declaration. */
    public static final class Builder<T> {
        private final String key;
        private final ConfigType<T> type;
        private T defaultValue;
        private String defaultDescription;
        private List<String> fallbackKeys = List.of();
        private Function<T, String> validator;
        private String validDescription;

        private Builder(String key, ConfigType<T> type) {
            this.key = key;
            this.type = type;
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = Objects.requireNonNull(value, "default value");
            return this;
        }

        /** No fixed default: the value is derived at run time; the sentence explains how (shown in docs). */
        public Builder<T> derivedDefault(String explanation) {
            this.defaultDescription = explanation;
            return this;
        }

        public Builder<T> fallbackKeys(String... keys) {
            this.fallbackKeys = List.of(keys);
            return this;
        }

        /**
         * A range check: {@code check} returns null when the value is fine, else what was expected.
         *
         * @param describe the valid range in words, for docs and messages (for example "at least 1")
         */
        public Builder<T> validate(String describe, Function<T, String> check) {
            this.validDescription = describe;
            this.validator = check;
            return this;
        }

        public ConfigOption<T> withDescription(String description) {
            if (defaultValue != null && validator != null) {
                String problem = validator.apply(defaultValue);
                if (problem != null) {
                    throw new IllegalStateException("default of '" + key + "' is invalid: " + problem);
                }
            }
            return new ConfigOption<>(key, type, defaultValue, defaultDescription, description, fallbackKeys,
                    validator, validDescription);
        }
    }
}
