package io.ebbflow.examples.windowing;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.ProcessWindowFunction;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.api.utils.ParameterTool;
import io.ebbflow.api.windowing.EventTimeSessionWindows;
import io.ebbflow.api.windowing.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sessions of user activity: each user's clicks {@code (user, time)} fall into event-time session windows
 * that close after a gap without clicks; for every session emit {@code (user, start, end, clicks)}, where
 * {@code end} is the last click plus the gap. What Flink's session windowing example shows, on generated
 * clicks.
 *
 * <p>Arguments: {@code --users N} (3), {@code --clicks N} (60), {@code --gap-ms G} (3 000), {@code --seed S}
 * (7), {@code --output DIR} (otherwise print).
 */
public final class SessionWindowing {

    private SessionWindowing() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        List<Tuple2<String, Long>> clicks = clicks(params.getLong("seed", 7), params.getInt("users", 3),
                params.getInt("clicks", 60), params.getLong("gap-ms", 3_000));
        DataStream<Tuple4<String, Long, Long, Integer>> sessions = sessions(env, clicks,
                Duration.ofMillis(params.getLong("gap-ms", 3_000)));
        if (params.has("output")) {
            sessions.writeAsText(params.getRequired("output")).name("Sessions to files");
        } else {
            sessions.print().name("Print sessions");
        }
        env.execute("SessionWindowing");
    }

    /**
     * {@code count} clicks of {@code users} users in time order: the next click comes 1..gap/2 ms later, or,
     * now and then, more than a gap later (a new session).
     */
    public static List<Tuple2<String, Long>> clicks(long seed, int users, int count, long gap) {
        Random random = new Random(seed);
        List<Tuple2<String, Long>> clicks = new ArrayList<>();
        long time = 0;
        for (int i = 0; i < count; i++) {
            time += random.nextInt(8) == 0 ? gap + 1 + random.nextInt((int) gap) : 1 + random.nextInt((int) Math.max(1, gap / 2));
            clicks.add(Tuple2.of("user-" + random.nextInt(users), time));
        }
        return clicks;
    }

    /** The dataflow without its sink. */
    public static DataStream<Tuple4<String, Long, Long, Integer>> sessions(StreamExecutionEnvironment env,
            List<Tuple2<String, Long>> clicks, Duration gap) {
        return env.fromData(clicks)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple2<String, Long>>forMonotonousTimestamps()
                        .withTimestampAssigner((click, previous) -> click.f1))
                .keyBy(click -> click.f0)
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
