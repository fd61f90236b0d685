package io.ebbflow.core.protocol;

import java.util.List;

/**
 * Field checks for message records' constructors. A failed check throws
 * {@link IllegalArgumentException} whose message names the field, which the inbox turns into a
 * {@link ProtocolError#MALFORMED} reply.
 */
public final class Require {

    /**
     * The id rule, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}. Ids appear in event-bus addresses, REST paths and
     * file names (a job's checkpoint directory, a TaskExecutor's job directory), so they are kept to a safe
     * ASCII alphabet and start with a letter or digit: an id is never {@code .} or {@code ..}, never holds a
     * separator, a space or a NUL, and never looks like an option ({@code -x}).
     */
    public static final String ID_RULE = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(ID_RULE);

    private Require() {
    }

    /** Whether {@code value} is a valid id ({@link #ID_RULE}). */
    public static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    public static String id(String value, String field) {
        if (!isId(value)) {
            throw new IllegalArgumentException("field '" + field + "' must be 1-128 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit, got "
                    + (value == null ? "null" : "'" + abbreviate(value) + "'"));
        }
        return value;
    }

    public static String text(String value, String field, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException("field '" + field + "' is longer than " + maxLength + " characters");
        }
        return value;
    }

    /** A job's secret: 64 hex digits (the message is refused naming the field, never showing the value). */
    public static String secret(String value, String field) {
        if (value == null || value.length() != 64 || !value.chars().allMatch(c -> (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("field '" + field + "' must be 64 lower-case hex digits");
        }
        return value;
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value;
    }

    public static int between(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("field '" + field + "' must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    public static long atLeast(long value, long min, String field) {
        if (value < min) {
            throw new IllegalArgumentException("field '" + field + "' must be >= " + min + ", got " + value);
        }
        return value;
    }

    /** An immutable copy; null elements and more than {@code maxSize} elements are refused. */
    public static <T> List<T> list(List<T> value, String field, int maxSize) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        if (value.size() > maxSize) {
            throw new IllegalArgumentException("field '" + field + "' has " + value.size() + " elements, at most "
                    + maxSize + " are allowed");
        }
        for (T t : value) {
            if (t == null) {
                throw new IllegalArgumentException("field '" + field + "' contains null");
            }
        }
        return List.copyOf(value);
    }

    public static List<String> idList(List<String> value, String field, int maxSize) {
        List<String> copy = list(value, field, maxSize);
        for (String s : copy) {
            id(s, field + "[]");
        }
        return copy;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
