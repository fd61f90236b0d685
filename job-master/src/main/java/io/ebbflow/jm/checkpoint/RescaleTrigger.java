package io.ebbflow.jm.checkpoint;

import java.time.Duration;
import java.util.Optional;

/**
 * When the checkpoint a planned rescale waits for is taken. Its barrier pauses the sources (they read nothing
 * after it until the rescale cancels them), so the rescale restores exactly where they stopped; a checkpoint whose
 * barrier did not pause them never stands in for it. Decided on plain data, {@code now} as a parameter; the
 * {@link CheckpointCoordinator} applies the decision.
 *
 * <pre>
 *   nothing in progress, min-pause over ........................ TriggerNow
 *   nothing in progress, min-pause not over ..................... TriggerAt(last completion + min-pause)
 *   a checkpoint in progress whose barrier has not gone out ..... Upgrade (its barrier will pause the sources)
 *   a pausing checkpoint in progress ............................ AwaitEnd (it is the rescale's)
 *   a checkpoint or savepoint in progress, barrier out .......... AwaitEnd (then decide again, at once)
 * </pre>
 *
 * A checkpoint whose barrier is already at the sources cannot be upgraded: they have read past it. It is left to
 * complete (it is not wasted: it is the newest restore point should the rescale's own fail), and the rescale's
 * follows as soon as it ends, min-pause permitting.
 */
public final class RescaleTrigger {

    private RescaleTrigger() {
    }

    /**
     * The checkpoint in progress.
     *
     * @param pausing its barrier pauses the sources
     * @param barrierSent its barrier has gone out to the sources
     */
    public record InProgress(long id, boolean savepoint, boolean pausing, boolean barrierSent) {
    }

    /** What to do for the rescale's checkpoint. */
    public sealed interface Decision {
    }

    /** Trigger a checkpoint whose barrier pauses the sources, now. */
    public record TriggerNow() implements Decision {
    }

    /** The checkpoint in progress, whose barrier has not gone out yet, pauses the sources at it. */
    public record Upgrade(long id) implements Decision {
    }

    /** Wait for the checkpoint in progress to end, then decide again. */
    public record AwaitEnd(long id) implements Decision {
    }

    /** Decide again at {@code time} (epoch ms), when the min-pause after the last completed checkpoint is over. */
    public record TriggerAt(long time) implements Decision {
    }

    /**
     * @param lastCompletion when the last checkpoint completed (-1: none yet)
     */
    public static Decision decide(Optional<InProgress> inProgress, long lastCompletion, Duration minPause, long now) {
        if (inProgress.isPresent()) {
            InProgress p = inProgress.get();
            // A savepoint is never restored by a rescale (only retained checkpoints are), so it is never upgraded.
            return !p.pausing() && !p.savepoint() && !p.barrierSent() ? new Upgrade(p.id()) : new AwaitEnd(p.id());
        }
        long allowedAt = lastCompletion < 0 ? now : lastCompletion + minPause.toMillis();
        return allowedAt > now ? new TriggerAt(allowedAt) : new TriggerNow();
    }
}
