package io.ebbflow.runtime.operators;

import io.ebbflow.api.eventtime.TimestampAssigner;
import io.ebbflow.api.eventtime.WatermarkGenerator;
import io.ebbflow.api.eventtime.WatermarkOutput;
import io.ebbflow.api.eventtime.WatermarkStrategy;

/**
 * Assigns timestamps and generates watermarks, per subtask: asks the generator on every event and every
 * {@code pipeline.auto-watermark-interval}; emits only rising watermarks. Watermarks from upstream are
 * replaced by its own, except the final one that ends a bounded input.
 */
final class TimestampsAndWatermarksOperator<T> extends StreamOperator<T, T> {

    private final WatermarkStrategy<T> strategy;
    private TimestampAssigner<T> assigner;
    private WatermarkGenerator<T> generator;
    private long lastEmitted = Long.MIN_VALUE;
    private ProcessingTimeService.Registration periodic;

    TimestampsAndWatermarksOperator(WatermarkStrategy<T> strategy) {
        this.strategy = strategy;
    }

    private final WatermarkOutput watermarkOutput = watermark -> {
        if (watermark > lastEmitted) {
            lastEmitted = watermark;
            output.emitWatermark(watermark);
        }
    };

    @Override
    public void open() {
        assigner = strategy.getTimestampAssigner();
        generator = strategy.createWatermarkGenerator();
        schedulePeriodic();
    }

    private void schedulePeriodic() {
        long interval = context.autoWatermarkIntervalMillis();
        if (interval > 0) {
            periodic = context.processingTime().schedule(context.processingTime().now() + interval, () -> {
                generator.onPeriodicEmit(watermarkOutput);
                schedulePeriodic();
            });
        }
    }

    @Override
    public void processElement(T value, long timestamp) {
        long ts = assigner != null ? assigner.extractTimestamp(value, timestamp) : timestamp;
        output.collect(value, ts);
        generator.onEvent(value, ts, watermarkOutput);
    }

    @Override
    public void processWatermark(long watermark) {
        if (watermark == Long.MAX_VALUE) {
            watermarkOutput.emitWatermark(watermark);
        }
    }

    @Override
    public void endInput() {
        generator.onPeriodicEmit(watermarkOutput);
    }

    @Override
    public void close() {
        if (periodic != null) {
            periodic.cancel();
        }
    }
}
