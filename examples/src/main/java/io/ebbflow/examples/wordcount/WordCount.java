package io.ebbflow.examples.wordcount;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.FlatMapFunction;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.utils.ParameterTool;
import java.util.Locale;

/**
 * Streaming word count: lines are split into lower-case words and every word's running count is
 * emitted as {@code (word,count)} each time the word is seen, so the last line for a word carries its
 * total.
 *
 * <p>Arguments: {@code --input PATH} (a file or a directory of files, read in splits; without it a few
 * built-in lines), {@code --output DIR} (one {@code part-<subtask>.txt} per sink subtask; otherwise
 * print).
 */
public final class WordCount {

    static final String[] DEFAULT_LINES = {
        "The tide comes in and the tide goes out",
        "and the stream keeps every record it was given",
        "slots come and go while the counts stay exact",
        "a stream that ebbs and flows with its machines",
    };

    private WordCount() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<String> lines = params.has("input")
                ? env.readTextFile(params.getRequired("input")).name("Lines").uid("lines")
                : env.fromElements(DEFAULT_LINES).name("Built-in lines").uid("lines");
        DataStream<Tuple2<String, Integer>> counts = counts(lines);
        if (params.has("output")) {
            counts.writeAsText(params.getRequired("output")).name("Counts to files");
        } else {
            counts.print().name("Print counts");
        }
        env.execute("WordCount");
    }

    /** The dataflow from lines to running counts. */
    public static DataStream<Tuple2<String, Integer>> counts(DataStream<String> lines) {
        return lines.flatMap(new Tokenizer()).name("Tokenizer").uid("tokenizer")
                .keyBy(pair -> pair.f0)
                .sum(1).name("Count").uid("count");
    }

    /** Splits a line into lower-case words (runs of letters and digits). */
    public static final class Tokenizer implements FlatMapFunction<String, Tuple2<String, Integer>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(String line, Collector<Tuple2<String, Integer>> out) {
            for (String word : line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty()) {
                    out.collect(Tuple2.of(word, 1));
                }
            }
        }
    }
}
