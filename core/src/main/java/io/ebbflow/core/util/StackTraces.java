package io.ebbflow.core.util;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Stack traces as text, for failure reports that travel in messages. */
public final class StackTraces {

    private StackTraces() {
    }

    /** The full stack trace of {@code t}, cut to at most {@code maxChars} characters. */
    public static String of(Throwable t, int maxChars) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String trace = w.toString();
        return trace.length() > maxChars ? trace.substring(0, maxChars) : trace;
    }
}
