package io.ebbflow.examples.sideoutput;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.SingleOutputStreamOperator;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.ProcessFunction;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.util.OutputTag;
import io.ebbflow.api.utils.ParameterTool;
import java.util.Locale;

/**
 * Word count with a side output: lines are split into lower-case words; words longer than a limit are
 * rejected into a side output (and counted there by length), the others are counted as usual. What
 * Flink's side-output example shows: one operator, two streams of different types.
 *
 * <p>Arguments: {@code --max-length N} (5), {@code --output DIR} (otherwise print).
 */
public final class SideOutputs {

    /** The words too long to count. */
    public static final OutputTag<String> REJECTED = new OutputTag<>("rejected-words") { };

    static final String[] LINES = {
        "side outputs split one stream into several",
        "each with its own type and its own consumers",
        "long words are rejected while short ones are counted",
    };

    private SideOutputs() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<Tuple2<String, Integer>> words = split(env.fromData(LINES), params.getInt("max-length", 5));
        DataStream<Tuple2<String, Integer>> counts = counts(words);
        DataStream<Tuple2<Integer, Integer>> rejected = rejectedByLength(words);
        if (params.has("output")) {
            counts.writeAsText(params.getRequired("output") + "/counts").name("Counts to files");
            rejected.writeAsText(params.getRequired("output") + "/rejected").name("Rejected to files");
        } else {
            counts.print("count").name("Print counts");
            rejected.print("rejected").name("Print rejected");
        }
        env.execute("SideOutputs");
    }

    /** Words as (word, 1); the long ones into {@link #REJECTED} instead. */
    public static SingleOutputStreamOperator<Tuple2<String, Integer>> split(DataStream<String> lines, int maxLength) {
        return lines.process(new Tokenizer(maxLength)).name("Tokenizer").uid("tokenizer");
    }

    /** The running count of each accepted word. */
    public static DataStream<Tuple2<String, Integer>> counts(SingleOutputStreamOperator<Tuple2<String, Integer>> words) {
        return words.keyBy(w -> w.f0).sum(1).name("Count words");
    }

    /** The running number of rejected words of each length, from the side output. */
    public static DataStream<Tuple2<Integer, Integer>> rejectedByLength(SingleOutputStreamOperator<Tuple2<String, Integer>> words) {
        return words.getSideOutput(REJECTED)
                .map(w -> Tuple2.of(w.length(), 1))
                .keyBy(t -> t.f0)
                .sum(1).name("Count rejected by length");
    }

    /** Splits lines into words, sending the long ones to the side output. */
    static final class Tokenizer extends ProcessFunction<String, Tuple2<String, Integer>> {
        private final int maxLength;

        Tokenizer(int maxLength) {
            this.maxLength = maxLength;
        }

        @Override
        public void processElement(String line, Context ctx, Collector<Tuple2<String, Integer>> out) {
            for (String word : line.toLowerCase(Locale.ROOT).split("\\W+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (word.length() > maxLength) {
                    ctx.output(REJECTED, word);
                } else {
                    out.collect(Tuple2.of(word, 1));
                }
            }
        }
    }
}
