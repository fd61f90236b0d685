package io.ebbflow.jm;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Decides, for a job that is not running, whether to start it with the slots it holds and at which
 * parallelism. The JobMaster carries the decision out (arms the timer, deploys). This is the seam the
 * Adaptive Scheduler replaces; until then {@link StartWhenReady} is the rule.
 */
interface SchedulingPolicy {

    /** What to do now. */
    sealed interface Decision permits Start, StartAfter, Wait {
    }

    /** Deploy now with this parallelism per vertex. */
    record Start(Map<String, Integer> parallelism) implements Decision {
    }

    /** Ask again, with {@code stabilized} true, if no slot arrives or leaves within {@code delay}. */
    record StartAfter(Duration delay) implements Decision {
    }

    /** Not enough slots: wait for more. */
    record Wait() implements Decision {
    }

    /**
     * @param heldSlots the slots the job holds
     * @param stabilized whether {@code heldSlots} has not changed for the stabilization delay asked for
     */
    Decision decide(int heldSlots, boolean stabilized);

    /**
     * Start at once with every desired slot; with fewer but at least the minimum, once the holding has
     * been stable for {@code submission.resource-stabilization-timeout}; each vertex then runs at
     * {@code min(target, its group's share of the slots)} (Flink's slot-sharing allocation).
     */
    final class StartWhenReady implements SchedulingPolicy {
        private final List<SlotSharingAllocator.Vertex> vertices;
        private final int minSlots;
        private final int desiredSlots;
        private final Duration stabilization;

        StartWhenReady(List<SlotSharingAllocator.Vertex> vertices, int minSlots, int desiredSlots, Duration stabilization) {
            this.vertices = List.copyOf(vertices);
            this.minSlots = minSlots;
            this.desiredSlots = desiredSlots;
            this.stabilization = stabilization;
        }

        @Override
        public Decision decide(int heldSlots, boolean stabilized) {
            if (heldSlots < minSlots) {
                return new Wait();
            }
            if (heldSlots < desiredSlots && !stabilized) {
                return new StartAfter(stabilization);
            }
            return SlotSharingAllocator.determineParallelism(vertices, heldSlots).<Decision>map(Start::new)
                    .orElseGet(Wait::new);
        }
    }
}
