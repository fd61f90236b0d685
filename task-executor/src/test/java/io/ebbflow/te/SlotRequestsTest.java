package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.SlotOffer;
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskExecutorMessages.RefusedSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlots;
import io.ebbflow.core.protocol.TaskExecutorMessages.SlotAllocation;
import io.ebbflow.core.protocol.TaskExecutorMessages.SlotsRequested;
import io.ebbflow.core.protocol.TaskSlotState;
import io.ebbflow.core.time.ManualTime;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several slots requested in one message: allocated or refused one by one, offered together, fenced as a whole. */
class SlotRequestsTest {

    private final ManualTime time = new ManualTime();
    private final TaskSlotTable slots = new TaskSlotTable(4, Duration.ofSeconds(30));
    private final JobMasterTracker jobMasters = new JobMasterTracker(slots, Duration.ofSeconds(10));
    private final List<OfferSlots> offers = new ArrayList<>();
    private final SlotOfferSender sender = new SlotOfferSender(slots, jobMasters, this::offerSlots,
            (offerId, o) -> new OfferSlots("te-1", "te-node", "localhost", 6121, offerId, o), time, time, s -> { });
    private long rmEpoch = 1;
    private int changes;
    private final SlotRequests requests = new SlotRequests(slots, epoch -> {
        if (epoch < rmEpoch) {
            throw ProtocolException.stale("ResourceManager epoch " + epoch + " is older than " + rmEpoch);
        }
    }, jobMasters::checkEpoch, sender, () -> changes++, time);

    @Test
    void theSlotsAreAllocatedAndOfferedInOneOffer() {
        SlotsRequested reply = requests.requestSlots(request(2, slot(0, "a0"), slot(1, "a1"), slot(2, "a2")));

        assertThat(reply.refused()).isEmpty();
        assertThat(state("a0")).isEqualTo(TaskSlotState.ALLOCATED);
        assertThat(state("a2")).isEqualTo(TaskSlotState.ALLOCATED);
        assertThat(changes).isEqualTo(1);
        time.runDue();
        assertThat(offers).singleElement().satisfies(o -> assertThat(o.offers()).extracting(SlotOffer::allocationId)
                .containsExactly("a0", "a1", "a2"));
    }

    @Test
    void aSlotHeldByAnotherAllocationIsRefusedAloneAndARepeatedRequestIsNoChange() {
        slots.allocate(1, "other-job", 1, "x1", time.millis());
        requests.requestSlots(request(2, slot(0, "a0")));

        SlotsRequested reply = requests.requestSlots(request(2, slot(0, "a0"), slot(1, "a1"), slot(2, "a2")));

        assertThat(reply.refused()).extracting(RefusedSlot::allocationId).containsExactly("a1");
        assertThat(state("x1")).isEqualTo(TaskSlotState.ALLOCATED);
        assertThat(slots.byAllocation("a1")).isEmpty();
        assertThat(state("a0")).isEqualTo(TaskSlotState.ALLOCATED);
        assertThat(state("a2")).isEqualTo(TaskSlotState.ALLOCATED);
    }

    @Test
    void aRequestOfAnOlderResourceManagerIsRefusedAsAWhole() {
        rmEpoch = 3;

        assertThatThrownBy(() -> requests.requestSlots(new RequestSlots(2, "job", 2, List.of(slot(0, "a0")))))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.STALE));
        assertThat(slots.byAllocation("a0")).isEmpty();
        time.runDue();
        assertThat(offers).isEmpty();
    }

    @Test
    void aRequestForAnOlderJobMasterIsRefusedAsAWhole() {
        requests.requestSlots(request(3, slot(0, "a0")));

        assertThatThrownBy(() -> requests.requestSlots(request(2, slot(1, "a1"))))
                .isInstanceOf(ProtocolException.class);
        assertThat(slots.byAllocation("a1")).isEmpty();
    }

    private RequestSlots request(long jobMasterEpoch, SlotAllocation... s) {
        return new RequestSlots(rmEpoch, "job", jobMasterEpoch, List.of(s));
    }

    private static SlotAllocation slot(int index, String allocationId) {
        return new SlotAllocation(index, allocationId);
    }

    private Future<SlotsAccepted> offerSlots(String jobId, OfferSlots offer) {
        offers.add(offer);
        return Promise.<SlotsAccepted>promise().future();
    }

    private TaskSlotState state(String allocationId) {
        return slots.byAllocation(allocationId).orElseThrow().state();
    }
}
