package io.ebbflow.rm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the slots of the cluster are divided between jobs. Flink leaves this undefined (whichever job's
 * request the slot manager looks at first wins); Ebbflow defines it, and it is a pure function of the
 * jobs' declarations, their submission order and the number of slots, so nothing moves while nothing
 * changes.
 *
 * <ol>
 *   <li><b>Minimums first, in submission order.</b> Walking the jobs from the oldest, each gets its
 *       minimum while the minimums granted so far fit into the cluster. The first job whose minimum does
 *       not fit gets nothing, and neither does any job submitted after it: they wait, in order. (A later,
 *       smaller job does not overtake a waiting one, so a large job is never starved.)</li>
 *   <li><b>The rest is shared max-min fairly, up to each job's desired slots.</b> Among the admitted
 *       jobs, the allocation is raised like a water level: every job gets {@code clamp(L, min, desired)}
 *       for the largest level {@code L} that fits. Slots left over (fewer than the jobs that could still
 *       grow) go one each to those jobs, oldest first.</li>
 * </ol>
 *
 * <p>Properties (checked by property tests): no job gets more than it desires; when the sum of all
 * minimums fits, every job gets at least its minimum; an admitted job gets at least its minimum; the
 * shares never add up to more than the cluster's slots; and slots stay unassigned only when every
 * admitted job is at its desired count.
 */
public final class FairShare {

    private FairShare() {
    }

    /**
     * One job's claim.
     *
     * @param jobId the job
     * @param minSlots slots without which it cannot run
     * @param desiredSlots slots it would use; at least {@code minSlots}
     */
    public record Demand(String jobId, int minSlots, int desiredSlots) {
        public Demand {
            if (minSlots < 0 || desiredSlots < minSlots) {
                throw new IllegalArgumentException("invalid demand of job " + jobId + ": min " + minSlots
                        + ", desired " + desiredSlots);
            }
        }
    }

    /**
     * Divides {@code totalSlots} among the jobs.
     *
     * @param inSubmissionOrder the jobs, oldest first
     * @return each job's share (its quota), in the same order; waiting jobs get 0
     */
    public static Map<String, Integer> divide(List<Demand> inSubmissionOrder, int totalSlots) {
        Map<String, Integer> shares = new LinkedHashMap<>();
        List<Demand> admitted = new ArrayList<>();
        long reserved = 0;
        boolean waiting = false;
        for (Demand d : inSubmissionOrder) {
            if (!waiting && reserved + d.minSlots() <= totalSlots) {
                admitted.add(d);
                reserved += d.minSlots();
            } else {
                waiting = true;
            }
            shares.put(d.jobId(), 0);
        }
        if (admitted.isEmpty()) {
            return Collections.unmodifiableMap(shares);
        }
        int level = highestLevel(admitted, totalSlots);
        long used = 0;
        for (Demand d : admitted) {
            int share = clamp(level, d);
            shares.put(d.jobId(), share);
            used += share;
        }
        long left = totalSlots - used;
        for (Demand d : admitted) {
            if (left == 0) {
                break;
            }
            // Jobs that would grow if the level rose by one: min <= level < desired.
            if (d.minSlots() <= level && level < d.desiredSlots()) {
                shares.put(d.jobId(), shares.get(d.jobId()) + 1);
                left--;
            }
        }
        return Collections.unmodifiableMap(shares);
    }

    /** The largest level whose clamped sum fits; binary search, the sum grows with the level. */
    private static int highestLevel(List<Demand> admitted, int totalSlots) {
        int lo = 0;
        int hi = admitted.stream().mapToInt(Demand::desiredSlots).max().orElse(0);
        while (lo < hi) {
            int mid = lo + (hi - lo + 1) / 2;
            if (sumAt(admitted, mid) <= totalSlots) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static long sumAt(List<Demand> admitted, int level) {
        long sum = 0;
        for (Demand d : admitted) {
            sum += clamp(level, d);
        }
        return sum;
    }

    private static int clamp(int level, Demand d) {
        return Math.max(d.minSlots(), Math.min(level, d.desiredSlots()));
    }
}
