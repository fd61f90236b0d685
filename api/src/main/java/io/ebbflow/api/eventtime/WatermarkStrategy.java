package io.ebbflow.api.eventtime;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a stream's records get event-time timestamps and how watermarks are generated from them, as in
 * Flink: {@code WatermarkStrategy.<T>forBoundedOutOfOrderness(Duration.ofSeconds(5))
 * .withTimestampAssigner((e, ts) -> e.time())}.
 */
public final class WatermarkStrategy<T> implements Serializable {

    /** Creates one generator per subtask. */
    @FunctionalInterface
    public interface GeneratorFactory<T> extends Serializable {
        WatermarkGenerator<T> create();
    }

    private final GeneratorFactory<T> generatorFactory;
    private final TimestampAssigner<T> timestampAssigner;

    private WatermarkStrategy(GeneratorFactory<T> generatorFactory, TimestampAssigner<T> timestampAssigner) {
        this.generatorFactory = generatorFactory;
        this.timestampAssigner = timestampAssigner;
    }

    /** Watermarks trail the largest timestamp seen by {@code maxOutOfOrderness}. */
    public static <T> WatermarkStrategy<T> forBoundedOutOfOrderness(Duration maxOutOfOrderness) {
        return new WatermarkStrategy<>(() -> new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness), null);
    }

    /** Timestamps only grow: the watermark is the largest timestamp seen minus 1 ms. */
    public static <T> WatermarkStrategy<T> forMonotonousTimestamps() {
        return forBoundedOutOfOrderness(Duration.ZERO);
    }

    /** No watermarks (event-time timers and windows never fire, except at the end of a bounded input). */
    public static <T> WatermarkStrategy<T> noWatermarks() {
        return new WatermarkStrategy<>(NoWatermarks::new, null);
    }

    /** A strategy with a custom generator. */
    public static <T> WatermarkStrategy<T> forGenerator(GeneratorFactory<T> factory) {
        return new WatermarkStrategy<>(factory, null);
    }

    /**
     * The same strategy, whose outputs are marked idle when no event arrived for {@code idleTimeout} (by processing
     * time): an idle split, or a source subtask whose every split is idle, no longer holds back the watermark of the
     * operators downstream until it has events again (Flink's {@code withIdleness}).
     */
    public WatermarkStrategy<T> withIdleness(Duration idleTimeout) {
        return withIdleness(idleTimeout, RelativeClock.SYSTEM);
    }

    /** As {@link #withIdleness(Duration)}, measuring the idle time with {@code clock} (a manual one in tests). */
    public WatermarkStrategy<T> withIdleness(Duration idleTimeout, RelativeClock clock) {
        new WatermarksWithIdleness<T>(new NoWatermarks<>(), idleTimeout, clock); // checks the timeout now
        GeneratorFactory<T> watermarks = generatorFactory;
        return new WatermarkStrategy<>(() -> new WatermarksWithIdleness<>(watermarks.create(), idleTimeout, clock),
                timestampAssigner);
    }

    /** The same strategy, with timestamps taken from the records by {@code assigner}. */
    public WatermarkStrategy<T> withTimestampAssigner(TimestampAssigner<T> assigner) {
        return new WatermarkStrategy<>(generatorFactory, assigner);
    }

    public WatermarkGenerator<T> createWatermarkGenerator() {
        return generatorFactory.create();
    }

    /** The assigner, or null to keep the timestamps records already carry. */
    public TimestampAssigner<T> getTimestampAssigner() {
        return timestampAssigner;
    }

    private static final class NoWatermarks<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }
}
