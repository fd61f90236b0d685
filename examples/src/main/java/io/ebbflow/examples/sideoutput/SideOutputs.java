package io.ebbflow.examples.sideoutput;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.SingleOutputStreamOperator;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.ProcessFunction;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.util.OutputTag;
import io.ebbflow.api.utils.ParameterTool;
import io.ebbflow.examples.common.ExampleOutput;
import java.util.Locale;

/**
 * Word count with a side output: lines are split into lower-case words; words longer than a limit are
 * rejected into a side output (and counted there by length), the others are counted as usual. What
 * Flink's side-output example shows: one operator, two streams of different types. Line {@code i} is
 * {@link #line}: the example's lines over and over, so a run can be checked, and with {@code --output} (counts in
 * {@code DIR/counts}, rejected in {@code DIR/rejected}) every count is written exactly once, even through a rescale.
 *
 * <p>Arguments: {@code --max-length N} (5), {@code --lines N} (3; 0 = unbounded), {@code --rate lines/s} (0 = as
 * fast as possible), and those of {@link ExampleOutput}.
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
        ExampleOutput.checkpointing(env, params);
        long lines = params.getLong("lines", LINES.length);
        DataStream<String> text = env.fromSource(GeneratorSource.of(SideOutputs::line, lines == 0 ? Long.MAX_VALUE : lines,
                params.getDouble("rate", 0)), WatermarkStrategy.noWatermarks(), "Lines").uid("lines");
        SingleOutputStreamOperator<Tuple2<String, Integer>> words = split(text, params.getInt("max-length", 5));
        ExampleOutput.write(counts(words), params, "/counts", "Counts", "count");
        ExampleOutput.write(rejectedByLength(words), params, "/rejected", "Rejected", "rejected");
        env.execute("SideOutputs");
    }

    /** Line {@code i}: the example's lines in turn. */
    public static String line(long i) {
        return LINES[(int) (i % LINES.length)];
    }

    /** Words as (word, 1); the long ones into {@link #REJECTED} instead. */
    public static SingleOutputStreamOperator<Tuple2<String, Integer>> split(DataStream<String> lines, int maxLength) {
        return lines.process(new Tokenizer(maxLength)).name("Tokenizer").uid("tokenizer");
    }

    /** The running count of each accepted word. */
    public static DataStream<Tuple2<String, Integer>> counts(SingleOutputStreamOperator<Tuple2<String, Integer>> words) {
        return words.keyBy(w -> w.f0).sum(1).name("Count words").uid("count-words");
    }

    /** The running number of rejected words of each length, from the side output. */
    public static DataStream<Tuple2<Integer, Integer>> rejectedByLength(SingleOutputStreamOperator<Tuple2<String, Integer>> words) {
        return words.getSideOutput(REJECTED)
                .map(w -> Tuple2.of(w.length(), 1))
                .keyBy(t -> t.f0)
                .sum(1).name("Count rejected by length").uid("count-rejected");
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
