package io.ebbflow.examples.join;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.tuple.Tuple3;
import io.ebbflow.api.utils.ParameterTool;
import io.ebbflow.api.windowing.TumblingEventTimeWindows;
import io.ebbflow.examples.common.ExampleOutput;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Two streams about the same people, one of grades {@code (name, grade, timestamp)} and one of salaries
 * {@code (name, salary, timestamp)}, joined on the name within tumbling event-time windows: every grade and
 * salary of one person in the same window make a result {@code (name, grade, salary)}. What Flink's window join
 * example does, written for Ebbflow. Both streams are generated: record {@code i} of a stream is a pure function
 * of the seed and {@code i} ({@link #grade}, {@link #salary}), so a run can be checked, and with {@code --output}
 * every pair is written exactly once, even through a rescale.
 *
 * <p>Arguments: {@code --window-size MS} (2000), {@code --rate records/s per stream} (3; 0 = as fast as possible),
 * {@code --count N per stream} (unbounded), {@code --seed S} (7), and those of {@link ExampleOutput}.
 */
public final class WindowJoin {

    static final String[] NAMES = {"tom", "jerry", "alice", "bob", "john", "grace"};
    /** Event time between two grades, and between two salaries. */
    public static final long GRADE_INTERVAL_MILLIS = 300;
    public static final long SALARY_INTERVAL_MILLIS = 500;

    private WindowJoin() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ExampleOutput.checkpointing(env, params);
        long seed = params.getLong("seed", 7);
        long count = params.getLong("count", Long.MAX_VALUE);
        double rate = params.getDouble("rate", 3);
        DataStream<Tuple3<String, Integer, Integer>> joined = build(env, seed, count, rate,
                Duration.ofMillis(params.getLong("window-size", 2_000)));
        ExampleOutput.write(joined, params, "", "Joined", null);
        env.execute("WindowJoin");
    }

    /** The dataflow without its sink: both generated streams, joined. */
    public static DataStream<Tuple3<String, Integer, Integer>> build(StreamExecutionEnvironment env, long seed, long count,
            double rate, Duration windowSize) {
        DataStream<Tuple3<String, Integer, Long>> grades = env.fromSource(GeneratorSource.of(i -> grade(seed, i), count, rate),
                byTimestampField(), "Grades").uid("grades");
        DataStream<Tuple3<String, Integer, Long>> salaries = env.fromSource(GeneratorSource.of(i -> salary(seed, i), count, rate),
                byTimestampField(), "Salaries").uid("salaries");
        return join(grades, salaries, windowSize);
    }

    /** Joins grades and salaries on the name, per tumbling window of {@code windowSize}. */
    public static DataStream<Tuple3<String, Integer, Integer>> join(DataStream<Tuple3<String, Integer, Long>> grades,
            DataStream<Tuple3<String, Integer, Long>> salaries, Duration windowSize) {
        return grades.join(salaries)
                .where(g -> g.f0)
                .equalTo(s -> s.f0)
                .window(TumblingEventTimeWindows.of(windowSize))
                .apply((g, s) -> Tuple3.of(g.f0, g.f1, s.f1))
                .name("Join grades and salaries").uid("join");
    }

    private static WatermarkStrategy<Tuple3<String, Integer, Long>> byTimestampField() {
        return WatermarkStrategy.<Tuple3<String, Integer, Long>>forMonotonousTimestamps().withTimestampAssigner((t, ts) -> t.f2);
    }

    /** Grade {@code i}: a name, a grade in 1..5, at {@code i × GRADE_INTERVAL_MILLIS}. */
    public static Tuple3<String, Integer, Long> grade(long seed, long i) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + 2 * i);
        return Tuple3.of(NAMES[r.nextInt(NAMES.length)], 1 + r.nextInt(5), i * GRADE_INTERVAL_MILLIS);
    }

    /** Salary {@code i}: a name, a salary in 1000..9999, at {@code i × SALARY_INTERVAL_MILLIS}. */
    public static Tuple3<String, Integer, Long> salary(long seed, long i) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + 2 * i + 1);
        return Tuple3.of(NAMES[r.nextInt(NAMES.length)], 1_000 + r.nextInt(9_000), i * SALARY_INTERVAL_MILLIS);
    }
}
