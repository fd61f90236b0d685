package io.ebbflow.api.connector;

import io.ebbflow.api.functions.RichSinkFunction;
import io.ebbflow.api.functions.RuntimeContext;
import java.io.PrintStream;

/**
 * Prints each record on the TaskExecutor's standard output, as Flink's {@code print()}: prefixed with
 * the subtask number ({@code "2> record"}) when the sink runs with parallelism above 1.
 */
public class PrintSink<T> extends RichSinkFunction<T> {

    private final boolean stdErr;
    private final String prefix;
    private transient String linePrefix;
    private transient PrintStream stream;

    public PrintSink() {
        this(null, false);
    }

    /** Prints with a prefix ({@code "prefix:2> record"}), to stderr if asked. */
    public PrintSink(String prefix, boolean stdErr) {
        this.prefix = prefix;
        this.stdErr = stdErr;
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        super.open(context);
        stream = stdErr ? System.err : System.out;
        String p = prefix == null ? "" : prefix;
        if (context.getNumberOfParallelSubtasks() > 1) {
            p = p.isEmpty() ? (context.getIndexOfThisSubtask() + 1) + "> " : p + ":" + (context.getIndexOfThisSubtask() + 1) + "> ";
        } else if (!p.isEmpty()) {
            p = p + "> ";
        }
        linePrefix = p;
    }

    @Override
    public void invoke(T value) {
        stream.println(linePrefix + value);
    }
}
