package io.ebbflow.core.time;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * {@link Timers} on Vert.x timers. Actions run on the context that was current when this object was
 * created (a verticle's event loop), whichever thread schedules or cancels them.
 */
public final class VertxTimers implements Timers {

    private final Vertx vertx;
    private final Context context;

    public VertxTimers(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        return start(Math.max(1, delay.toMillis()), false, action);
    }

    @Override
    public Cancellable periodic(Duration period, Runnable action) {
        return start(Math.max(1, period.toMillis()), true, action);
    }

    private Cancellable start(long ms, boolean periodic, Runnable action) {
        Handle handle = new Handle();
        onContext(() -> {
            if (!handle.cancelled) {
                handle.timerId = periodic
                        ? vertx.setPeriodic(ms, t -> action.run())
                        : vertx.setTimer(ms, t -> action.run());
            }
        });
        return () -> onContext(() -> {
            handle.cancelled = true;
            if (handle.timerId >= 0) {
                vertx.cancelTimer(handle.timerId);
            }
        });
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }

    /** Only touched on the context. */
    private static final class Handle {
        long timerId = -1;
        boolean cancelled;
    }
}
