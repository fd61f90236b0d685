package io.ebbflow.core.config;

import java.time.Duration;
import java.util.function.Function;

/** Range checks for option declarations; each returns null for a good value, else what was expected. */
public final class Ranges {

    private Ranges() {
    }

    public static Function<Integer, String> intAtLeast(int min) {
        return v -> v >= min ? null : "expected an integer >= " + min + ", got " + v;
    }

    public static Function<Integer, String> intBetween(int min, int max) {
        return v -> v >= min && v <= max ? null : "expected an integer in [" + min + ", " + max + "], got " + v;
    }

    public static Function<Integer, String> intAtLeastOrMinusOne(int min) {
        return v -> v == -1 || v >= min ? null : "expected -1 (disabled) or an integer >= " + min + ", got " + v;
    }

    public static Function<Duration, String> positive() {
        return d -> !d.isNegative() && !d.isZero() ? null : "expected a positive duration, got " + ConfigType.DURATION.format(d);
    }

    public static Function<Duration, String> notNegative() {
        return d -> !d.isNegative() ? null : "expected a duration >= 0, got " + ConfigType.DURATION.format(d);
    }

    public static Function<MemorySize, String> memoryBetween(MemorySize min, MemorySize max) {
        return m -> m.compareTo(min) >= 0 && m.compareTo(max) <= 0 ? null
                : "expected a size between " + min + " and " + max + ", got " + m;
    }

    public static Function<String, String> notBlank() {
        return s -> s.isBlank() ? "expected a non-empty string" : null;
    }

    /** A TCP port or a range {@code "9249-9260"}; 0 means "any free port". */
    public static Function<String, String> portRange() {
        return s -> PortRange.tryParse(s) != null ? null
                : "expected a port (0-65535) or a range such as '9249-9260', got '" + s + "'";
    }
}
