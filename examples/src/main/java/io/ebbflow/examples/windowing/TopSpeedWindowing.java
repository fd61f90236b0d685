package io.ebbflow.examples.windowing;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.EventBusSink;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.api.utils.ParameterTool;
import io.ebbflow.api.windowing.DeltaTrigger;
import io.ebbflow.api.windowing.GlobalWindow;
import io.ebbflow.api.windowing.GlobalWindows;
import io.ebbflow.api.windowing.TimeEvictor;
import java.time.Duration;

/**
 * Cars report {@code (carId, speed, distance, timestamp)}; per car, every time it has travelled 50 m
 * more, emit its top speed over the last 10 s of event time. The same semantics as Flink's example of
 * this name: global windows per car, a delta trigger on the distance, a time evictor, {@code maxBy}.
 *
 * <p>Arguments: {@code --cars N} (2), {@code --events-per-car N} (unbounded), {@code --rate events/s per
 * car} (10; 0 = as fast as possible), {@code --seed S} (42), {@code --output DIR} (otherwise print),
 * {@code --publish ADDRESS} (also publish each result on the cluster's event bus, to watch it live).
 */
public final class TopSpeedWindowing {

    public static final long INTERVAL_MILLIS = 100;
    public static final double TRIGGER_METERS = 50;
    public static final Duration EVICTION_WINDOW = Duration.ofSeconds(10);

    private TopSpeedWindowing() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CarModel model = new CarModel(params.getLong("seed", 42), 0, INTERVAL_MILLIS);
        CarSource source = new CarSource(model, params.getInt("cars", 2),
                params.getLong("events-per-car", Long.MAX_VALUE), params.getDouble("rate", 10));
        DataStream<Tuple4<Integer, Integer, Double, Long>> topSpeeds = topSpeeds(env, source);
        if (params.has("output")) {
            topSpeeds.writeAsText(params.getRequired("output")).name("Top speeds to files");
        } else {
            topSpeeds.print().name("Print top speeds");
        }
        if (params.has("publish")) {
            topSpeeds.addSink(new EventBusSink<>(params.getRequired("publish"))).name("Publish top speeds");
        }
        env.execute("TopSpeedWindowing");
    }

    /** The dataflow without its sink. */
    public static DataStream<Tuple4<Integer, Integer, Double, Long>> topSpeeds(StreamExecutionEnvironment env,
            CarSource source) {
        return env.fromSource(source, WatermarkStrategy.forMonotonousTimestamps(), "Car data generator").uid("cars")
                .keyBy(car -> car.f0)
                .window(GlobalWindows.create())
                .evictor(TimeEvictor.<GlobalWindow>of(EVICTION_WINDOW))
                .trigger(DeltaTrigger.<Tuple4<Integer, Integer, Double, Long>, GlobalWindow>of(TRIGGER_METERS,
                        (older, newer) -> newer.f2 - older.f2))
                .maxBy(1)
                .name("Top speed per car").uid("top-speed");
    }
}
