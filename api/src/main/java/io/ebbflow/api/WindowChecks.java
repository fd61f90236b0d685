package io.ebbflow.api;

import io.ebbflow.api.util.OutputTag;
import io.ebbflow.api.windowing.Evictor;
import io.ebbflow.api.windowing.Trigger;
import io.ebbflow.api.windowing.WindowAssigner;
import java.time.Duration;
import java.util.Objects;

/** What a window definition is refused for, when the job is built (not when it runs). */
final class WindowChecks {

    private WindowChecks() {
    }

    static long lateness(WindowAssigner<?, ?> assigner, Duration lateness) {
        Objects.requireNonNull(lateness, "allowed lateness");
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, got " + lateness);
        }
        if (!assigner.isEventTime() && !lateness.isZero()) {
            throw new IllegalArgumentException("allowedLateness(" + lateness + ") on the processing-time window "
                    + assigner.getClass().getSimpleName() + ": only event-time windows have late elements");
        }
        return lateness.toMillis();
    }

    static <T> OutputTag<T> lateDataTag(WindowAssigner<?, ?> assigner, OutputTag<T> tag) {
        Objects.requireNonNull(tag, "late data output tag");
        if (!assigner.isEventTime()) {
            throw new IllegalArgumentException("sideOutputLateData(" + tag.getId() + ") on the processing-time window "
                    + assigner.getClass().getSimpleName() + ": only event-time windows have late elements");
        }
        return tag;
    }

    /** The whole definition, once its function is known; {@code operator} names it in the error. */
    static void check(String operator, WindowAssigner<?, ?> assigner, Trigger<?, ?> trigger, Evictor<?, ?> evictor) {
        Objects.requireNonNull(trigger, "trigger of " + operator);
        if (assigner instanceof io.ebbflow.api.windowing.MergingWindowAssigner<?, ?> && !trigger.canMerge()) {
            throw new IllegalArgumentException("operator '" + operator + "': the merging window assigner " + assigner
                    + " cannot be used with the trigger " + trigger.getClass().getSimpleName()
                    + ", which does not support merging windows (canMerge() is false)");
        }
    }
}
