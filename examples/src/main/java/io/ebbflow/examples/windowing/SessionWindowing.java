package io.ebbflow.examples.windowing;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.ProcessWindowFunction;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.api.utils.ParameterTool;
import io.ebbflow.api.windowing.EventTimeSessionWindows;
import io.ebbflow.api.windowing.TimeWindow;
import io.ebbflow.examples.common.ExampleOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sessions of user activity: each user's clicks {@code (user, time)} fall into event-time session windows
 * that close after a gap without clicks; for every session emit {@code (user, start, end, clicks)}, where
 * {@code end} is the last click plus the gap. What Flink's session windowing example shows, on generated
 * clicks: click {@code i} is a pure function of the seed and {@code i} ({@link #click}), so a run can be checked,
 * and with {@code --output} every session is written exactly once, even through a rescale.
 *
 * <p>Arguments: {@code --users N} (3), {@code --clicks N} (60; 0 = unbounded), {@code --gap-ms G} (3 000),
 * {@code --rate clicks/s} (0 = as fast as possible), {@code --seed S} (7), and those of {@link ExampleOutput}.
 */
public final class SessionWindowing {

    /** Clicks come in bursts of this many, a pause of more than the gap between bursts. */
    static final int BURST = 8;

    private SessionWindowing() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ExampleOutput.checkpointing(env, params);
        long gap = params.getLong("gap-ms", 3_000);
        long count = params.getLong("clicks", 60);
        DataStream<Tuple2<String, Long>> clicks = clicks(env, params.getLong("seed", 7), params.getInt("users", 3),
                count == 0 ? Long.MAX_VALUE : count, params.getDouble("rate", 0), gap);
        ExampleOutput.write(sessions(clicks, Duration.ofMillis(gap)), params, "", "Sessions", null);
        env.execute("SessionWindowing");
    }

    /**
     * Click {@code i} of {@code users} users: in bursts of {@link #BURST} clicks about half a gap apart, the bursts
     * more than two gaps apart, so times never decrease with {@code i}. Which user clicks is random, so a user's
     * clicks in one burst may still be more than a gap apart.
     */
    public static Tuple2<String, Long> click(long seed, int users, long gap, long i) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
        long half = Math.max(1, gap / 2);
        long time = (i / BURST) * (BURST * half + 2 * gap + 1) + (i % BURST) * half + random.nextLong(half);
        return Tuple2.of("user-" + random.nextInt(users), time);
    }

    /** Clicks {@code 0..count-1}, the same as {@link #clicks(StreamExecutionEnvironment, long, int, long, double, long)} reads. */
    public static List<Tuple2<String, Long>> clicks(long seed, int users, int count, long gap) {
        List<Tuple2<String, Long>> clicks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clicks.add(click(seed, users, gap, i));
        }
        return clicks;
    }

    /** {@code count} generated clicks ({@link #click}) at {@code rate} per second (0: as fast as possible), in event time. */
    public static DataStream<Tuple2<String, Long>> clicks(StreamExecutionEnvironment env, long seed, int users, long count,
            double rate, long gap) {
        return env.fromSource(GeneratorSource.of(i -> click(seed, users, gap, i), count, rate),
                WatermarkStrategy.<Tuple2<String, Long>>forMonotonousTimestamps().withTimestampAssigner((click, previous) -> click.f1),
                "Clicks").uid("clicks");
    }

    /** The dataflow without its source and sink: each user's sessions. */
    public static DataStream<Tuple4<String, Long, Long, Integer>> sessions(DataStream<Tuple2<String, Long>> clicks, Duration gap) {
        return clicks.keyBy(click -> click.f0)
                .window(EventTimeSessionWindows.withGap(gap))
                .process(new Describe()).uid("sessions").name("Sessions");
    }

    /** (user, start, end, clicks) of a session. */
    static final class Describe extends ProcessWindowFunction<Tuple2<String, Long>, Tuple4<String, Long, Long, Integer>,
            String, TimeWindow> {
        @Override
        public void process(String user, Context context, Iterable<Tuple2<String, Long>> clicks,
                Collector<Tuple4<String, Long, Long, Integer>> out) {
            int n = 0;
            for (Tuple2<String, Long> ignored : clicks) {
                n++;
            }
            out.collect(Tuple4.of(user, context.window().getStart(), context.window().getEnd(), n));
        }
    }
}
