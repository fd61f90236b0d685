package io.ebbflow.api.eventtime;

import java.time.Duration;

/**
 * A generator that marks its output idle once no event has arrived for the idle timeout (by processing time), so
 * the output stops holding back the watermark downstream; the next event makes it active again. While idle, the
 * generator it wraps emits nothing (its watermark would say the output is active). Made by
 * {@link WatermarkStrategy#withIdleness}.
 */
public final class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {

    private final WatermarkGenerator<T> watermarks;
    private final long timeoutMillis;
    private final RelativeClock clock;
    /** When the latest event arrived, or the first periodic check ran (-1: neither yet). */
    private long lastActivity = -1;
    private boolean idle;

    public WatermarksWithIdleness(WatermarkGenerator<T> watermarks, Duration idleTimeout, RelativeClock clock) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, got " + idleTimeout);
        }
        this.watermarks = watermarks;
        this.timeoutMillis = idleTimeout.toMillis();
        this.clock = clock;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        lastActivity = clock.relativeTimeMillis();
        if (idle) {
            idle = false;
            output.markActive();
        }
        watermarks.onEvent(event, eventTimestamp, output);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (idle) {
            return;
        }
        long now = clock.relativeTimeMillis();
        if (lastActivity < 0) {
            lastActivity = now;
        }
        if (now - lastActivity >= timeoutMillis) {
            idle = true;
            output.markIdle();
        } else {
            watermarks.onPeriodicEmit(output);
        }
    }
}
