package io.ebbflow.core.config;

/**
 * A port or an inclusive range of ports, written {@code 9249} or {@code 9249-9260}. A service binds the
 * first free port of the range; {@code 0} asks the operating system for any free port.
 *
 * @param first the first port to try
 * @param last the last port to try (equal to {@code first} for a single port)
 */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 0 || last > 65535 || last < first) {
            throw new IllegalArgumentException("invalid port range " + first + "-" + last);
        }
    }

    /** Parses {@code "p"} or {@code "p-q"}; returns null if the text is not a port range. */
    public static PortRange tryParse(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * @throws IllegalArgumentException if the text is not a port range
     */
    public static PortRange parse(String text) {
        String s = text.trim();
        int dash = s.indexOf('-');
        try {
            if (dash < 0) {
                int p = Integer.parseInt(s);
                return new PortRange(p, p);
            }
            return new PortRange(Integer.parseInt(s.substring(0, dash).trim()), Integer.parseInt(s.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port range '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
