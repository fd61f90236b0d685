package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.SlotOffer;
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskSlotState;
import io.ebbflow.core.time.ManualTime;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The offer round trips on manual time, against a JobMaster whose replies the test gives. */
class SlotOfferSenderTest {

    private final ManualTime time = new ManualTime();
    private final TaskSlotTable slots = new TaskSlotTable(3, Duration.ofSeconds(30));
    private final JobMasterTracker jobMasters = new JobMasterTracker(slots, Duration.ofSeconds(10));
    private final List<Offered> offered = new ArrayList<>();
    private final List<TaskSlotTable.TaskSlot> freed = new ArrayList<>();
    private final SlotOfferSender sender = new SlotOfferSender(slots, jobMasters, this::offerSlots,
            (offerId, offers) -> new OfferSlots("te-1", "te-node", "localhost", 6121, offerId, offers), time, time,
            freed::add);

    /** One offer the JobMaster received, and its reply to give. */
    private record Offered(String jobId, OfferSlots offer, Promise<SlotsAccepted> reply) {

        List<String> allocationIds() {
            return offer.offers().stream().map(SlotOffer::allocationId).toList();
        }

        void accept(long jobMasterEpoch, String... allocationIds) {
            reply.complete(new SlotsAccepted(offer.offerId(), jobMasterEpoch, "jm-node", List.of(allocationIds)));
        }
    }

    @Test
    void anAllocatedSlotIsOfferedAfterTheCurrentHandlerAndBecomesActiveWhenAccepted() {
        slots.allocate(0, "job", 1, "a0", time.millis());

        sender.offerSoon("job");
        assertThat(offered).as("not inline").isEmpty();
        time.runDue();

        assertThat(offered).singleElement().satisfies(o -> assertThat(o.allocationIds()).containsExactly("a0"));
        offered.get(0).accept(1, "a0");
        assertThat(state("a0")).isEqualTo(TaskSlotState.ACTIVE);
        assertThat(jobMasters.isWatched("job")).isTrue();
        assertThat(jobMasters.onNode("jm-node")).containsExactly("job");
    }

    @Test
    void slotsTheJobMasterDoesNotTakeAreFreed() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        slots.allocate(1, "job", 1, "a1", time.millis());

        sender.offer("job");
        offered.get(0).accept(1, "a1");

        assertThat(freed).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a0");
        assertThat(state("a1")).isEqualTo(TaskSlotState.ACTIVE);
    }

    @Test
    void anUnreachableJobMasterIsOfferedTheSlotsAgainOneSecondLater() {
        slots.allocate(0, "job", 1, "a0", time.millis());

        sender.offer("job");
        offered.get(0).reply().fail(new ReplyException(ReplyFailure.TIMEOUT, "timed out"));
        time.advance(SlotOffers.RETRY_DELAY.minusMillis(1));
        assertThat(offered).hasSize(1);

        time.advance(Duration.ofMillis(1));
        assertThat(offered).hasSize(2);
        assertThat(offered.get(1).offer().offerId()).isGreaterThan(offered.get(0).offer().offerId());
        assertThat(freed).isEmpty();
    }

    @Test
    void repeatedRetryRequestsArmOneRetry() {
        slots.allocate(0, "job", 1, "a0", time.millis());

        sender.retryLater("job");
        sender.retryLater("job");
        time.advance(SlotOffers.RETRY_DELAY);

        assertThat(offered).hasSize(1);
    }

    @Test
    void aJobMasterThatRefusesTheOfferGetsNoneOfItsSlots() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        slots.allocate(1, "job", 1, "a1", time.millis());

        sender.offer("job");
        offered.get(0).reply().fail(ProtocolException.notFound("no such job"));

        assertThat(freed).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a0", "a1");
        assertThat(slots.freeSlots()).isEqualTo(3);
        time.advance(Duration.ofMinutes(1));
        assertThat(offered).hasSize(1);
    }

    @Test
    void slotsAllocatedWhileAnOfferIsInFlightAreOfferedWhenItIsAnswered() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        sender.offer("job");
        slots.allocate(1, "job", 1, "a1", time.millis());

        offered.get(0).accept(1, "a0");

        assertThat(offered).hasSize(2);
        assertThat(offered.get(1).allocationIds()).containsExactly("a1");
    }

    @Test
    void theReplyToASupersededOfferChangesNothing() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        sender.offer("job");
        sender.offer("job");

        offered.get(0).accept(1, "a0");

        assertThat(state("a0")).isEqualTo(TaskSlotState.ALLOCATED);
        offered.get(1).accept(1, "a0");
        assertThat(state("a0")).isEqualTo(TaskSlotState.ACTIVE);
    }

    @Test
    void aReplyFromAReplacedJobMasterChangesNothing() {
        slots.allocate(0, "job", 2, "a0", time.millis());

        sender.offer("job");
        offered.get(0).accept(1, "a0");

        assertThat(state("a0")).isEqualTo(TaskSlotState.ALLOCATED);
        assertThat(jobMasters.isWatched("job")).isFalse();
        assertThat(freed).isEmpty();
    }

    private Future<SlotsAccepted> offerSlots(String jobId, OfferSlots offer) {
        Promise<SlotsAccepted> reply = Promise.promise();
        offered.add(new Offered(jobId, offer, reply));
        return reply.future();
    }

    private TaskSlotState state(String allocationId) {
        return slots.byAllocation(allocationId).orElseThrow().state();
    }
}
