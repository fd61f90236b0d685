package io.ebbflow.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the values of one option type are read from YAML scalars or command-line strings, and written
 * back for docs. Parsing throws {@link IllegalArgumentException} with a message that says what was
 * expected; the loader adds the key and the source.
 *
 * @param <T> the value type
 */
public abstract class ConfigType<T> {

    private final String name;

    private ConfigType(String name) {
        this.name = name;
    }

    /** The type's name as shown in docs and error messages. */
    public String name() {
        return name;
    }

    public abstract T parse(Object raw);

    public String format(T value) {
        return String.valueOf(value);
    }

    public static final ConfigType<Boolean> BOOLEAN = new ConfigType<>("Boolean") {
        @Override
        public Boolean parse(Object raw) {
            if (raw instanceof Boolean b) {
                return b;
            }
            String s = scalar(raw, "a boolean (true or false)").toLowerCase(Locale.ROOT);
            return switch (s) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("expected a boolean (true or false), got '" + raw + "'");
            };
        }
    };

    public static final ConfigType<Integer> INTEGER = new ConfigType<>("Integer") {
        @Override
        public Integer parse(Object raw) {
            String s = scalar(raw, "an integer");
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer, got '" + raw + "'");
            }
        }
    };

    public static final ConfigType<Double> DOUBLE = new ConfigType<>("Double") {
        @Override
        public Double parse(Object raw) {
            String s = scalar(raw, "a number");
            try {
                double d = Double.parseDouble(s);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number, got '" + raw + "'");
            }
        }
    };

    public static final ConfigType<String> STRING = new ConfigType<>("String") {
        @Override
        public String parse(Object raw) {
            return scalar(raw, "a string");
        }
    };

    /**
     * Durations as Flink writes them: a number and a unit ({@code 10 s}, {@code 50ms}, {@code 5 min},
     * {@code 1 h}); a number without a unit is milliseconds. Negative values are allowed (some options
     * use them for "never").
     */
    public static final ConfigType<Duration> DURATION = new ConfigType<>("Duration") {
        private final Pattern format = Pattern.compile("\\s*(-?\\d+)\\s*([a-zA-Zµ]*)\\s*");

        @Override
        public Duration parse(Object raw) {
            String s = scalar(raw, "a duration such as '10 s'");
            Matcher m = format.matcher(s);
            if (!m.matches()) {
                throw new IllegalArgumentException("expected a duration such as '10 s', '500 ms' or '5 min', got '" + raw + "'");
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration '" + raw + "' is too large");
            }
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            try {
                return switch (unit) {
                    case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(n);
                    case "ns", "nano", "nanos", "nanosecond", "nanoseconds" -> Duration.ofNanos(n);
                    case "us", "µs", "micro", "micros", "microsecond", "microseconds" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
                    case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
                    case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
                    case "h", "hour", "hours" -> Duration.ofHours(n);
                    case "d", "day", "days" -> Duration.ofDays(n);
                    default -> throw new IllegalArgumentException("unknown time unit '" + m.group(2) + "' in '" + raw
                            + "' (use ms, s, min, h or d)");
                };
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("duration '" + raw + "' is too large");
            }
        }

        @Override
        public String format(Duration d) {
            long ms = d.toMillis();
            if (ms != 0 && d.toNanos() % 1_000_000 == 0) {
                if (ms % 86_400_000 == 0) {
                    return ms / 86_400_000 + " d";
                } else if (ms % 3_600_000 == 0) {
                    return ms / 3_600_000 + " h";
                } else if (ms % 60_000 == 0) {
                    return ms / 60_000 + " min";
                } else if (ms % 1000 == 0) {
                    return ms / 1000 + " s";
                }
                return ms + " ms";
            }
            return d.isZero() ? "0 ms" : d.toNanos() + " ns";
        }
    };

    public static final ConfigType<MemorySize> MEMORY_SIZE = new ConfigType<>("MemorySize") {
        @Override
        public MemorySize parse(Object raw) {
            return MemorySize.parse(scalar(raw, "a memory size such as '10 mb'"));
        }
    };

    /** A YAML list, or one string of comma- or semicolon-separated items. */
    public static final ConfigType<List<String>> STRING_LIST = new ConfigType<>("List<String>") {
        @Override
        public List<String> parse(Object raw) {
            if (raw instanceof List<?> list) {
                List<String> out = new ArrayList<>();
                for (Object item : list) {
                    out.add(scalar(item, "a list of strings"));
                }
                return List.copyOf(out);
            }
            String s = scalar(raw, "a list of strings");
            if (s.isBlank()) {
                return List.of();
            }
            return Arrays.stream(s.split("[,;]")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }

        @Override
        public String format(List<String> value) {
            return value.isEmpty() ? "[]" : String.join(",", value);
        }
    };

    /** Enum constants matched case-insensitively, with dashes and underscores treated alike. */
    public static <E extends Enum<E>> ConfigType<E> enumType(Class<E> type) {
        return new ConfigType<>("Enum") {
            @Override
            public E parse(Object raw) {
                String s = scalar(raw, "one of " + choices());
                String wanted = s.replace('-', '_');
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equalsIgnoreCase(wanted)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException("expected one of " + choices() + ", got '" + raw + "'");
            }

            @Override
            public String format(E value) {
                return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
            }

            private String choices() {
                return Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .collect(Collectors.joining(", "));
            }
        };
    }

    private static String scalar(Object raw, String expected) {
        if (raw == null) {
            throw new IllegalArgumentException("expected " + expected + ", got nothing");
        }
        if (raw instanceof List<?> || raw instanceof java.util.Map<?, ?>) {
            throw new IllegalArgumentException("expected " + expected + ", got a " + (raw instanceof List<?> ? "list" : "map"));
        }
        return String.valueOf(raw).trim();
    }
}
