package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.protocol.TaskExecutorMessages.AllocatedSlotReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.DisconnectJobMaster;
import io.ebbflow.core.protocol.TaskExecutorMessages.FreeSlot;
import io.ebbflow.core.protocol.TaskSlotState;
import io.ebbflow.core.time.ManualTime;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A job's slots through its JobMaster's life, on manual time with the verticle's housekeeping tick; the
 * JobMaster is unreachable for offers unless a test says otherwise.
 */
class JobSlotsTest {

    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SLOT_TIMEOUT = Duration.ofSeconds(30);

    private final ManualTime time = new ManualTime();
    private final TaskSlotTable slots = new TaskSlotTable(2, SLOT_TIMEOUT);
    private final JobMasterTracker tracker = new JobMasterTracker(slots, HEARTBEAT_TIMEOUT);
    private final List<OfferSlots> offers = new ArrayList<>();
    private final List<TaskSlotTable.TaskSlot> freed = new ArrayList<>();
    private final List<String> released = new ArrayList<>();
    private final SlotOfferSender sender = new SlotOfferSender(slots, tracker, this::offerSlots,
            (offerId, o) -> new OfferSlots("te-1", "te-node", "localhost", 6121, offerId, o), time, time, freed::add);
    private final JobSlots jobSlots = new JobSlots(slots, tracker, new RunningTasks(), sender, freed::add, released::add,
            HEARTBEAT_TIMEOUT, SLOT_TIMEOUT);

    JobSlotsTest() {
        time.periodic(Duration.ofSeconds(1), () -> jobSlots.housekeeping(time.millis()));
    }

    @Test
    void aSilentJobMastersSlotsAreOfferedAgainUntilTheyExpireAndThenTheJobIsForgotten() {
        activeSlot("a0");

        time.advance(HEARTBEAT_TIMEOUT);
        assertThat(slots.offerable("job")).hasSize(1);
        int offersBefore = offers.size();
        time.advance(Duration.ofSeconds(5));
        assertThat(offers.size()).as("offered again while waiting").isGreaterThan(offersBefore);
        assertThat(freed).isEmpty();

        time.advance(SLOT_TIMEOUT);
        assertThat(freed).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a0");
        assertThat(released).containsExactly("job");
        assertThat(tracker.isWatched("job")).isFalse();
    }

    @Test
    void aJobMasterThatComesBackInTimeKeepsItsSlots() {
        activeSlot("a0");
        time.advance(HEARTBEAT_TIMEOUT);

        for (int i = 0; i < 10; i++) {
            jobSlots.heartbeat(report("a0"), time.millis());
            time.advance(HEARTBEAT_TIMEOUT.dividedBy(2));
        }

        assertThat(freed).isEmpty();
        assertThat(slots.byAllocation("a0").orElseThrow().state()).isEqualTo(TaskSlotState.ACTIVE);
    }

    @Test
    void aJobMasterWhoseNodeLeftIsLostAtOnce() {
        activeSlot("a0");

        jobSlots.nodeLeft("jm-node", time.millis());

        assertThat(slots.offerable("job")).hasSize(1);
        assertThat(tracker.isWatched("job")).isFalse();
    }

    @Test
    void aSlotTheJobMasterNoLongerListsIsFreedAndTheEmptiedJobForgotten() {
        activeSlot("a0");

        assertThat(jobSlots.heartbeat(report(), time.millis()).activeAllocationIds()).isEmpty();

        assertThat(freed).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a0");
        assertThat(released).containsExactly("job");
    }

    @Test
    void aJobKeepsItsUserCodeWhileItHoldsASlot() {
        activeSlot("a0");
        activeSlot("a1");

        jobSlots.freeSlot(new FreeSlot("job", 1, "a0", "scaled down"));
        assertThat(released).isEmpty();

        jobSlots.disconnect(new DisconnectJobMaster("job", 1, "job finished"));
        assertThat(freed).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a0", "a1");
        assertThat(released).containsExactly("job");
    }

    @Test
    void anAllocatedSlotNobodyAcceptsIsFreedAfterTheSlotTimeout() {
        slots.allocate(0, "job", 1, "a0", time.millis());

        time.advance(SLOT_TIMEOUT.minusSeconds(1));
        assertThat(freed).isEmpty();
        time.advance(Duration.ofSeconds(1));

        assertThat(freed).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a0");
        assertThat(released).containsExactly("job");
    }

    /** A slot of "job" its JobMaster (on jm-node) has accepted and lists. */
    private void activeSlot(String allocationId) {
        slots.allocate(slots.size() - slots.freeSlots(), "job", 1, allocationId, time.millis());
        List<String> all = slots.ofJob("job").stream().map(TaskSlotTable.TaskSlot::allocationId).toList();
        jobSlots.heartbeat(report(all.toArray(String[]::new)), time.millis());
    }

    private static AllocatedSlotReport report(String... allocationIds) {
        return new AllocatedSlotReport("job", 1, "jm-node", List.of(allocationIds));
    }

    private Future<SlotsAccepted> offerSlots(String jobId, OfferSlots offer) {
        offers.add(offer);
        return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "no JobMaster"));
    }
}
