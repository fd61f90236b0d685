package io.ebbflow.core.util;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Stack traces as text, for failure reports that travel in messages. */
public final class StackTraces {

    /** The longest failure trace a service sends or keeps (a message has room for a few of these). */
    public static final int MAX_CHARS = 50_000;

    private StackTraces() {
    }

    /** The full stack trace of {@code t}, cut to at most {@link #MAX_CHARS} characters. */
    public static String of(Throwable t) {
        return of(t, MAX_CHARS);
    }

    /** The full stack trace of {@code t}, cut to at most {@code maxChars} characters. */
    public static String of(Throwable t, int maxChars) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String trace = w.toString();
        return trace.length() > maxChars ? trace.substring(0, maxChars) : trace;
    }
}
