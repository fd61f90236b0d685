package io.ebbflow.api.utils;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Job arguments in the {@code --key value} form Flink jobs use ({@code -key value} also works; a key
 * without a value, such as {@code --verbose}, is a flag). Unknown keys are kept, not rejected: a job
 * decides which arguments it reads.
 */
public final class ParameterTool {

    private final Map<String, String> values;

    private ParameterTool(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Parses program arguments.
     *
     * @throws IllegalArgumentException if an argument is neither a key nor the value of the key before it
     */
    public static ParameterTool fromArgs(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        while (i < args.length) {
            String key = keyOf(args[i]);
            if (key == null) {
                throw new IllegalArgumentException("expected an argument of the form --key [value] but got '"
                        + args[i] + "' at position " + i);
            }
            if (i + 1 < args.length && keyOf(args[i + 1]) == null) {
                values.put(key, args[i + 1]);
                i += 2;
            } else {
                values.put(key, null);
                i += 1;
            }
        }
        return new ParameterTool(values);
    }

    private static String keyOf(String arg) {
        if (arg.startsWith("--") && arg.length() > 2) {
            return arg.substring(2);
        }
        if (arg.startsWith("-") && arg.length() > 1 && !Character.isDigit(arg.charAt(1))) {
            return arg.substring(1);
        }
        return null;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value of {@code key}, or null when absent or given as a flag. */
    public String get(String key) {
        return values.get(key);
    }

    public String get(String key, String defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : v;
    }

    public int getInt(String key, int defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : parse(key, v, Integer::parseInt);
    }

    public long getLong(String key, long defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : parse(key, v, Long::parseLong);
    }

    public double getDouble(String key, double defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : parse(key, v, Double::parseDouble);
    }

    /** The value of a key that must be present. */
    public String getRequired(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing required argument --" + key);
        }
        return v;
    }

    /** All arguments, in the order given. */
    public Map<String, String> toMap() {
        return values;
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument --" + key + " must be a number but is '" + value + "'");
        }
    }
}
