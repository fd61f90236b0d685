package io.ebbflow.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory in bytes, written the way Flink writes it: {@code 10485760b}, {@code 32 kb},
 * {@code 10 mb}, {@code 1g}. A number without a unit is bytes. Units are binary (1 kb = 1024 bytes).
 *
 * @param bytes the size in bytes, never negative
 */
public record MemorySize(long bytes) implements Comparable<MemorySize> {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]*)\\s*");

    public MemorySize {
        if (bytes < 0) {
            throw new IllegalArgumentException("memory size must not be negative: " + bytes);
        }
    }

    public static MemorySize ofBytes(long bytes) {
        return new MemorySize(bytes);
    }

    public static MemorySize ofKibiBytes(long kib) {
        return new MemorySize(kib << 10);
    }

    public static MemorySize ofMebiBytes(long mib) {
        return new MemorySize(mib << 20);
    }

    /**
     * Parses {@code "<number> [unit]"} with units b, k/kb/kib, m/mb/mib, g/gb/gib, t/tb/tib.
     *
     * @throws IllegalArgumentException if the text is not such a size
     */
    public static MemorySize parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a memory size such as '32 kb' or '10 mb', got '" + text + "'");
        }
        long number;
        try {
            number = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("memory size '" + text + "' is too large");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b", "bytes" -> 0;
            case "k", "kb", "kib", "kibibytes" -> 10;
            case "m", "mb", "mib", "mebibytes" -> 20;
            case "g", "gb", "gib", "gibibytes" -> 30;
            case "t", "tb", "tib", "tebibytes" -> 40;
            default -> throw new IllegalArgumentException(
                    "unknown memory unit '" + m.group(2) + "' in '" + text + "' (use b, kb, mb, gb or tb)");
        };
        if (shift > 0 && number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("memory size '" + text + "' is too large");
        }
        return new MemorySize(number << shift);
    }

    @Override
    public int compareTo(MemorySize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** The shortest exact form: {@code 10 mb}, {@code 32 kb}, {@code 1000 bytes}. */
    @Override
    public String toString() {
        String[] units = {"bytes", "kb", "mb", "gb", "tb"};
        long value = bytes;
        int unit = 0;
        while (unit < units.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + " " + units[unit];
    }
}
