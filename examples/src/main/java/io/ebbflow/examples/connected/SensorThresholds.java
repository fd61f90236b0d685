package io.ebbflow.examples.connected;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedCoProcessFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.MapState;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.tuple.Tuple3;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.api.utils.ParameterTool;
import io.ebbflow.examples.common.ExampleOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A control stream steering a data stream, connected and keyed by sensor: readings {@code (sensor, value,
 * timestamp)} and threshold changes {@code (sensor, threshold, timestamp)}. Each reading above the threshold its
 * sensor had at the reading's time gives an alert {@code (sensor, timestamp, value, threshold)}; a sensor without
 * a threshold yet raises none. In event time, so the result does not depend on which stream runs ahead: a
 * reading waits in keyed state until the watermark, the minimum of both streams', has passed its time, so every
 * threshold change up to then is known. Both streams are generated from the seed ({@link #reading},
 * {@link #threshold}), so a run can be checked, and with {@code --output} every alert is written exactly once,
 * even through a rescale.
 *
 * <p>Arguments: {@code --sensors N} (8), {@code --rate readings/s} (20; 0 = as fast as possible; thresholds
 * change 20 times less often), {@code --count N readings} (unbounded), {@code --seed S} (3), and those of
 * {@link ExampleOutput}.
 */
public final class SensorThresholds {

    /** Event time between two readings; thresholds change every {@code CONTROL_EVERY} readings' time. */
    public static final long READING_INTERVAL_MILLIS = 10;
    public static final int CONTROL_EVERY = 20;

    private SensorThresholds() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ExampleOutput.checkpointing(env, params);
        DataStream<Tuple4<Integer, Long, Integer, Integer>> alerts = build(env, params.getLong("seed", 3),
                params.getInt("sensors", 8), params.getLong("count", Long.MAX_VALUE), params.getDouble("rate", 20));
        ExampleOutput.write(alerts, params, "", "Alerts", null);
        env.execute("SensorThresholds");
    }

    /** The dataflow without its sink. */
    public static DataStream<Tuple4<Integer, Long, Integer, Integer>> build(StreamExecutionEnvironment env, long seed, int sensors,
            long readings, double rate) {
        long controls = readings == Long.MAX_VALUE ? Long.MAX_VALUE : readings / CONTROL_EVERY;
        WatermarkStrategy<Tuple3<Integer, Integer, Long>> byTime = WatermarkStrategy.<Tuple3<Integer, Integer, Long>>
                forMonotonousTimestamps().withTimestampAssigner((t, ts) -> t.f2);
        DataStream<Tuple3<Integer, Integer, Long>> data = env.fromSource(
                GeneratorSource.of(i -> reading(seed, sensors, i), readings, rate), byTime, "Readings").uid("readings");
        DataStream<Tuple3<Integer, Integer, Long>> control = env.fromSource(
                GeneratorSource.of(i -> threshold(seed, sensors, i), controls, rate / CONTROL_EVERY), byTime, "Thresholds")
                .uid("thresholds");
        return data.connect(control)
                .keyBy(r -> r.f0, c -> c.f0)
                .process(new Alerts()).name("Alerts").uid("alerts");
    }

    /** Reading {@code i}: a sensor, a value in 0..99, at {@code i × READING_INTERVAL_MILLIS}. */
    public static Tuple3<Integer, Integer, Long> reading(long seed, int sensors, long i) {
        SplittableRandom r = new SplittableRandom(seed * 7_919L + 2 * i);
        return Tuple3.of(r.nextInt(sensors), r.nextInt(100), i * READING_INTERVAL_MILLIS);
    }

    /** Threshold change {@code i}: a sensor, a threshold in 40..99, at {@code i × CONTROL_EVERY} readings' time. */
    public static Tuple3<Integer, Integer, Long> threshold(long seed, int sensors, long i) {
        SplittableRandom r = new SplittableRandom(seed * 7_919L + 2 * i + 1);
        return Tuple3.of(r.nextInt(sensors), 40 + r.nextInt(60), i * CONTROL_EVERY * READING_INTERVAL_MILLIS);
    }

    /**
     * Per sensor: threshold changes by time and readings by time in keyed map state; an event-time timer at each
     * reading's time judges the readings of that time against the latest change at or before it, then forgets
     * them and the changes no later reading can need.
     */
    public static final class Alerts extends KeyedCoProcessFunction<Integer, Tuple3<Integer, Integer, Long>,
            Tuple3<Integer, Integer, Long>, Tuple4<Integer, Long, Integer, Integer>> {
        private static final long serialVersionUID = 1L;

        private transient MapState<Long, List<Integer>> readings;
        private transient MapState<Long, Integer> thresholds;

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            readings = (MapState) context.getMapState(new MapStateDescriptor<>("readings", Long.class, List.class));
            thresholds = context.getMapState(new MapStateDescriptor<>("thresholds", Long.class, Integer.class));
        }

        @Override
        public void processElement1(Tuple3<Integer, Integer, Long> reading, Context ctx,
                Collector<Tuple4<Integer, Long, Integer, Integer>> out) throws Exception {
            List<Integer> at = readings.get(reading.f2);
            if (at == null) {
                at = new ArrayList<>();
            }
            at.add(reading.f1);
            readings.put(reading.f2, at);
            ctx.timerService().registerEventTimeTimer(reading.f2);
        }

        @Override
        public void processElement2(Tuple3<Integer, Integer, Long> change, Context ctx,
                Collector<Tuple4<Integer, Long, Integer, Integer>> out) throws Exception {
            thresholds.put(change.f2, change.f1);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple4<Integer, Long, Integer, Integer>> out)
                throws Exception {
            long latest = Long.MIN_VALUE;
            List<Long> older = new ArrayList<>();
            for (Map.Entry<Long, Integer> e : thresholds.entries()) {
                if (e.getKey() <= timestamp) {
                    if (latest != Long.MIN_VALUE) {
                        older.add(Math.min(latest, e.getKey()));
                    }
                    latest = Math.max(latest, e.getKey());
                }
            }
            for (Long t : older) {
                thresholds.remove(t);
            }
            List<Integer> values = readings.get(timestamp);
            readings.remove(timestamp);
            if (latest == Long.MIN_VALUE || values == null) {
                return;
            }
            int threshold = thresholds.get(latest);
            for (int v : values) {
                if (v > threshold) {
                    out.collect(Tuple4.of(ctx.getCurrentKey(), timestamp, v, threshold));
                }
            }
        }
    }
}
