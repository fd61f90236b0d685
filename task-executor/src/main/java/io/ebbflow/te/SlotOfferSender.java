package io.ebbflow.te;

import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.SlotOffer;
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers a job's allocated slots to its JobMaster and carries out what {@link SlotOffers} makes of the
 * reply: accepted slots become active, declined or refused ones are freed (and handed to
 * {@code slotFreed}), and an unreachable JobMaster is offered them again later. Slots allocated while
 * an offer was in flight are offered as soon as it is answered.
 *
 * <p>Confined to the TaskExecutor's verticle: replies and timers complete on its thread.
 */
final class SlotOfferSender {

    private static final Logger LOG = LoggerFactory.getLogger(SlotOfferSender.class);

    /** The one JobMaster call this class makes. */
    @FunctionalInterface
    interface JobMasters {
        Future<SlotsAccepted> offerSlots(String jobId, OfferSlots offer);
    }

    /** Builds the offer message: this TaskExecutor's address, with the offer's number and slots. */
    @FunctionalInterface
    interface OfferMessage {
        OfferSlots of(long offerId, List<SlotOffer> offers);
    }

    private final TaskSlotTable slots;
    private final JobMasterTracker jobMasterTracker;
    private final SlotOffers offers = new SlotOffers();
    private final JobMasters jobMasters;
    private final OfferMessage offerMessage;
    private final Timers timers;
    private final Clock clock;
    private final Consumer<TaskSlotTable.TaskSlot> slotFreed;

    SlotOfferSender(TaskSlotTable slots, JobMasterTracker jobMasterTracker, JobMasters jobMasters, OfferMessage offerMessage,
            Timers timers, Clock clock, Consumer<TaskSlotTable.TaskSlot> slotFreed) {
        this.slots = slots;
        this.jobMasterTracker = jobMasterTracker;
        this.jobMasters = jobMasters;
        this.offerMessage = offerMessage;
        this.timers = timers;
        this.clock = clock;
        this.slotFreed = slotFreed;
    }

    /** Offers the job's allocated slots soon (after the current handler). */
    void offerSoon(String jobId) {
        timers.schedule(Duration.ZERO, () -> offer(jobId));
    }

    /** Offers the job's allocated slots again after {@link SlotOffers#RETRY_DELAY}, unless a retry waits already. */
    void retryLater(String jobId) {
        if (offers.armRetry(jobId)) {
            timers.schedule(SlotOffers.RETRY_DELAY, () -> {
                offers.retryDue(jobId);
                offer(jobId);
            });
        }
    }

    /** The job has no slots here any more. */
    void forget(String jobId) {
        offers.forget(jobId);
    }

    void offer(String jobId) {
        List<TaskSlotTable.TaskSlot> offerable = slots.offerable(jobId);
        if (offerable.isEmpty()) {
            return;
        }
        long offerId = offers.next(jobId);
        List<SlotOffer> offered = offerable.stream().map(s -> new SlotOffer(s.index(), s.allocationId())).toList();
        jobMasters.offerSlots(jobId, offerMessage.of(offerId, offered))
                .onSuccess(reply -> answered(jobId, offerId, offered, reply))
                .onFailure(e -> failed(jobId, offerId, offered, e));
    }

    private void answered(String jobId, long offerId, List<SlotOffer> offered, SlotsAccepted reply) {
        SlotOffers.Outcome outcome = offers.answered(jobId, offerId, offered, reply.acceptedAllocationIds());
        if (outcome.verdict() == SlotOffers.Verdict.STALE) {
            LOG.debug("Ignoring the reply to slot offer {} of job {}: a newer offer was made since", offerId, jobId);
            return;
        }
        try {
            jobMasterTracker.answeredOffer(jobId, reply.jobMasterEpoch(), reply.jobMasterNodeId(),
                    !reply.acceptedAllocationIds().isEmpty(), clock.millis());
        } catch (ProtocolException e) {
            LOG.debug("Ignoring the reply to slot offer {} of job {}: {}", offerId, jobId, e.getMessage());
            return;
        }
        outcome.accepted().forEach(o -> slots.markActive(o.allocationId()));
        for (SlotOffer o : outcome.declined()) {
            LOG.info("JobMaster of job {} declined slot {} ({}); freeing it", jobId, o.slotIndex(), o.allocationId());
            slots.free(o.allocationId()).ifPresent(slotFreed);
        }
        // Slots allocated while this offer was in flight.
        offer(jobId);
    }

    private void failed(String jobId, long offerId, List<SlotOffer> offered, Throwable cause) {
        SlotOffers.Outcome outcome = offers.failed(jobId, offerId, offered, BusClient.isUnreachable(cause));
        switch (outcome.verdict()) {
            case STALE -> LOG.debug("Ignoring the failure of slot offer {} of job {}: a newer offer was made since ({})",
                    offerId, jobId, cause.getMessage());
            case RETRY -> {
                LOG.debug("JobMaster of job {} unreachable for the offer ({}); retrying", jobId, cause.getMessage());
                retryLater(jobId);
            }
            default -> {
                LOG.info("JobMaster of job {} refused the offer: {}; freeing the slots", jobId, cause.getMessage());
                outcome.declined().forEach(o -> slots.free(o.allocationId()).ifPresent(slotFreed));
            }
        }
    }
}
