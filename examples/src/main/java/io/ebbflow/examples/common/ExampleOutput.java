package io.ebbflow.examples.common;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.ExactlyOnceFileSink;
import io.ebbflow.api.utils.ParameterTool;

/**
 * The arguments the example jobs share for where their results go: {@code --checkpoint-interval MS} (1000; 0 = no
 * checkpoints) and {@code --output DIR}, exactly-once files committed at each checkpoint (otherwise the results
 * are printed). Exactly once needs checkpoints: without them nothing is committed before the input ends.
 */
public final class ExampleOutput {

    private ExampleOutput() {
    }

    /** Enables checkpointing at {@code --checkpoint-interval} (1000 ms unless given; 0 = off). */
    public static void checkpointing(StreamExecutionEnvironment env, ParameterTool params) {
        long interval = params.getLong("checkpoint-interval", 1000);
        if (interval > 0) {
            env.enableCheckpointing(interval);
        }
    }

    /**
     * Sends {@code results} to exactly-once files in {@code --output}{@code subdirectory} when {@code --output} is
     * given, else prints them with {@code prefix} (none if null).
     *
     * @param subdirectory appended to the output directory ("" for the directory itself), for jobs with several results
     * @param what the results' name, for the sink's name and uid
     */
    public static <T> void write(DataStream<T> results, ParameterTool params, String subdirectory, String what,
            String prefix) {
        if (params.has("output")) {
            results.addSink(new ExactlyOnceFileSink<>(params.getRequired("output") + subdirectory))
                    .name(what + " to files").uid(what.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-files");
        } else if (prefix == null) {
            results.print().name("Print " + what);
        } else {
            results.print(prefix).name("Print " + what);
        }
    }
}
