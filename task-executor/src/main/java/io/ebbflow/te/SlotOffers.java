package io.ebbflow.te;

import io.ebbflow.core.protocol.JobMasterMessages.SlotOffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bookkeeping of slot offers to each job's JobMaster, and what a reply to one means.
 *
 * <p>Every offer gets the next number of its job; only the reply to the job's latest offer is acted on,
 * a reply to an older one (or to an offer of a job forgotten since) is {@link Verdict#STALE}. A JobMaster
 * that cannot be reached is offered the slots again after {@link #RETRY_DELAY}, with at most one retry
 * waiting per job; one that answers with an error refuses the whole offer.
 *
 * <pre>
 *   offer n ──reply──▶ not the latest? ── STALE    (ignored)
 *                      answered       ── ANSWERED (accepted slots become active, the others are freed)
 *                      unreachable    ── RETRY    (offer again after RETRY_DELAY)
 *                      error          ── REFUSED  (all offered slots are freed)
 * </pre>
 *
 * <p>Pure; confined to the TaskExecutor's verticle.
 */
final class SlotOffers {

    /** How long after an unreachable JobMaster its slots are offered again. */
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    enum Verdict { STALE, ANSWERED, RETRY, REFUSED }

    /**
     * What a reply to an offer means.
     *
     * @param accepted offered slots the JobMaster took (only when ANSWERED)
     * @param declined offered slots to free (the ones not taken when ANSWERED; all when REFUSED)
     */
    record Outcome(Verdict verdict, List<SlotOffer> accepted, List<SlotOffer> declined) {

        static Outcome of(Verdict verdict) {
            return new Outcome(verdict, List.of(), List.of());
        }
    }

    private final Map<String, Long> lastOfferId = new HashMap<>();
    private final Set<String> retryArmed = new HashSet<>();

    /** Numbers a new offer to the job's JobMaster. */
    long next(String jobId) {
        return lastOfferId.merge(jobId, 1L, Long::sum);
    }

    /** The JobMaster answered offer {@code offerId}, taking {@code acceptedAllocationIds}. */
    Outcome answered(String jobId, long offerId, List<SlotOffer> offered, Collection<String> acceptedAllocationIds) {
        if (!isLatest(jobId, offerId)) {
            return Outcome.of(Verdict.STALE);
        }
        Set<String> taken = new HashSet<>(acceptedAllocationIds);
        List<SlotOffer> accepted = new ArrayList<>();
        List<SlotOffer> declined = new ArrayList<>();
        for (SlotOffer o : offered) {
            (taken.contains(o.allocationId()) ? accepted : declined).add(o);
        }
        return new Outcome(Verdict.ANSWERED, accepted, declined);
    }

    /** Offer {@code offerId} failed: nobody answered ({@code unreachable}), or the JobMaster refused it. */
    Outcome failed(String jobId, long offerId, List<SlotOffer> offered, boolean unreachable) {
        if (!isLatest(jobId, offerId)) {
            return Outcome.of(Verdict.STALE);
        }
        return unreachable ? Outcome.of(Verdict.RETRY) : new Outcome(Verdict.REFUSED, List.of(), List.copyOf(offered));
    }

    /**
     * Arms a retry of the job's offer.
     *
     * @return false if one is armed already (the caller schedules nothing)
     */
    boolean armRetry(String jobId) {
        return retryArmed.add(jobId);
    }

    /** The job's armed retry is due: it is disarmed, and the next failure may arm another. */
    void retryDue(String jobId) {
        retryArmed.remove(jobId);
    }

    /** The job has no slots here any more: replies to its offers are stale from now on. */
    void forget(String jobId) {
        lastOfferId.remove(jobId);
    }

    private boolean isLatest(String jobId, long offerId) {
        Long latest = lastOfferId.get(jobId);
        return latest != null && latest == offerId;
    }
}
