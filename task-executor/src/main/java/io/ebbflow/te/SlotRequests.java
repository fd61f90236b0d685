package io.ebbflow.te;

import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskExecutorMessages.RefusedSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlots;
import io.ebbflow.core.protocol.TaskExecutorMessages.SlotAllocation;
import io.ebbflow.core.protocol.TaskExecutorMessages.SlotsRequested;
import io.ebbflow.core.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ResourceManager's slot requests: once the ResourceManager's and the JobMaster's epochs check out, the
 * slots are allocated to the job and offered to its JobMaster (one offer for what arrived together).
 * Confined to the TaskExecutor's verticle.
 */
final class SlotRequests {

    private static final Logger LOG = LoggerFactory.getLogger(SlotRequests.class);

    private final TaskSlotTable slots;
    private final LongConsumer rmEpochCheck;
    private final ObjLongConsumer<String> jobMasterEpochCheck;
    private final SlotOfferSender offers;
    private final Runnable slotsChanged;
    private final LongSupplier now;

    /**
     * @param rmEpochCheck throws the refusal of a request from an older ResourceManager
     * @param jobMasterEpochCheck throws the refusal of a request for an older JobMaster of the job
     */
    SlotRequests(TaskSlotTable slots, LongConsumer rmEpochCheck, ObjLongConsumer<String> jobMasterEpochCheck,
            SlotOfferSender offers, Runnable slotsChanged, Clock clock) {
        this.slots = slots;
        this.rmEpochCheck = rmEpochCheck;
        this.jobMasterEpochCheck = jobMasterEpochCheck;
        this.offers = offers;
        this.slotsChanged = slotsChanged;
        this.now = clock::millis;
    }

    /** One slot; refused as a whole (stale epoch, no such slot, slot held by another allocation). */
    Ack requestSlot(RequestSlot msg) {
        rmEpochCheck.accept(msg.rmEpoch());
        jobMasterEpochCheck.accept(msg.jobId(), msg.jobMasterEpoch());
        boolean fresh = slots.allocate(msg.slotIndex(), msg.jobId(), msg.jobMasterEpoch(), msg.allocationId(), now.getAsLong());
        slotsChanged.run();
        if (fresh) {
            LOG.info("Slot {} allocated to job {} ({}); offering it", msg.slotIndex(), msg.jobId(), msg.allocationId());
            offers.offerSoon(msg.jobId());
        }
        return Ack.INSTANCE;
    }

    /** Several slots for one job: a stale epoch refuses them all, otherwise each is allocated or refused on its own. */
    SlotsRequested requestSlots(RequestSlots msg) {
        rmEpochCheck.accept(msg.rmEpoch());
        jobMasterEpochCheck.accept(msg.jobId(), msg.jobMasterEpoch());
        List<RefusedSlot> refused = new ArrayList<>();
        List<Integer> fresh = new ArrayList<>();
        for (SlotAllocation s : msg.slots()) {
            try {
                if (slots.allocate(s.slotIndex(), msg.jobId(), msg.jobMasterEpoch(), s.allocationId(), now.getAsLong())) {
                    fresh.add(s.slotIndex());
                }
            } catch (ProtocolException e) {
                refused.add(new RefusedSlot(s.allocationId(), e.getMessage()));
            }
        }
        slotsChanged.run();
        if (!fresh.isEmpty()) {
            LOG.info("Slots {} allocated to job {}; offering them", fresh, msg.jobId());
            offers.offerSoon(msg.jobId());
        }
        if (!refused.isEmpty()) {
            LOG.info("Refused {} of {} slots requested for job {}: {}", refused.size(), msg.slots().size(), msg.jobId(),
                    refused);
        }
        return new SlotsRequested(refused);
    }
}
