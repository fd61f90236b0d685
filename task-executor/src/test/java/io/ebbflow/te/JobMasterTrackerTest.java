package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskExecutorMessages.AllocatedSlotReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.DisconnectJobMaster;
import io.ebbflow.core.protocol.TaskExecutorMessages.FreeSlot;
import io.ebbflow.core.protocol.TaskSlotState;
import io.ebbflow.core.time.ManualTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobMasterTrackerTest {

    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SLOT_TIMEOUT = Duration.ofSeconds(30);

    private final ManualTime time = new ManualTime();
    private final TaskSlotTable slots = new TaskSlotTable(3, SLOT_TIMEOUT);
    private final JobMasterTracker tracker = new JobMasterTracker(slots, HEARTBEAT_TIMEOUT);

    @Test
    void aJobMasterIsWatchedOnceItTakesASlotAndLostWhenSilentForTheHeartbeatTimeout() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        tracker.answeredOffer("job", 1, "node-1", false, time.millis());
        assertThat(tracker.isWatched("job")).isFalse();

        tracker.answeredOffer("job", 1, "node-1", true, time.millis());
        time.advance(HEARTBEAT_TIMEOUT.minusMillis(1));
        assertThat(tracker.silent(time.millis())).isEmpty();

        time.advance(Duration.ofMillis(1));
        assertThat(tracker.silent(time.millis())).containsExactly("job");
        assertThat(tracker.silent(time.millis())).as("reported once").isEmpty();
    }

    @Test
    void eachHeartbeatKeepsTheJobMasterAlive() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        tracker.heartbeat(report("job", 1, "node-1", "a0"), time.millis());

        for (int i = 0; i < 3; i++) {
            time.advance(HEARTBEAT_TIMEOUT.minusSeconds(1));
            tracker.heartbeat(report("job", 1, "node-1", "a0"), time.millis());
            assertThat(tracker.silent(time.millis())).isEmpty();
        }
    }

    @Test
    void aHeartbeatAcceptsTheSlotsItListsAndReleasesActiveOnesItNoLongerLists() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        slots.allocate(1, "job", 1, "a1", time.millis());
        slots.markActive("a1");

        JobMasterTracker.Heartbeat heartbeat = tracker.heartbeat(report("job", 1, "node-1", "a0", "elsewhere"), time.millis());

        assertThat(heartbeat.reply().activeAllocationIds()).containsExactly("a0");
        assertThat(heartbeat.reply().unknownAllocationIds()).containsExactly("elsewhere");
        assertThat(heartbeat.released()).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a1");
        assertThat(slots.byAllocation("a0")).get().extracting(TaskSlotTable.TaskSlot::state).isEqualTo(TaskSlotState.ACTIVE);
        assertThat(slots.byAllocation("a1")).isEmpty();
        assertThat(tracker.isWatched("job")).isTrue();
    }

    @Test
    void aHeartbeatListingNothingHeldHereStartsNoWatch() {
        JobMasterTracker.Heartbeat heartbeat = tracker.heartbeat(report("job", 1, "node-1", "gone"), time.millis());

        assertThat(heartbeat.reply().activeAllocationIds()).isEmpty();
        assertThat(heartbeat.reply().unknownAllocationIds()).containsExactly("gone");
        assertThat(tracker.isWatched("job")).isFalse();
    }

    @Test
    void aMessageFromAReplacedJobMasterIsRefused() {
        slots.allocate(0, "job", 2, "a0", time.millis());

        assertThatThrownBy(() -> tracker.heartbeat(report("job", 1, "node-1", "a0"), time.millis()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.STALE));
        assertThatThrownBy(() -> tracker.answeredOffer("job", 1, "node-1", true, time.millis()))
                .isInstanceOf(ProtocolException.class);
        assertThat(slots.byAllocation("a0")).get().extracting(TaskSlotTable.TaskSlot::state).isEqualTo(TaskSlotState.ALLOCATED);
        assertThat(tracker.isWatched("job")).isFalse();
    }

    @Test
    void theJobMastersOnANodeThatLeftAreFound() {
        slots.allocate(0, "job-1", 1, "a0", time.millis());
        slots.allocate(1, "job-2", 1, "a1", time.millis());
        tracker.heartbeat(report("job-1", 1, "node-1", "a0"), time.millis());
        tracker.heartbeat(report("job-2", 1, "node-2", "a1"), time.millis());

        assertThat(tracker.onNode("node-1")).containsExactly("job-1");
        assertThat(tracker.onNode("node-3")).isEmpty();
    }

    @Test
    void aLostJobMastersActiveSlotsWaitOneSlotTimeoutForItsReturn() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        tracker.heartbeat(report("job", 1, "node-1", "a0"), time.millis());

        List<TaskSlotTable.TaskSlot> waiting = tracker.lost("job", time.millis());

        assertThat(waiting).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a0");
        assertThat(slots.offerable("job")).hasSize(1);
        assertThat(tracker.isWatched("job")).isFalse();
        assertThat(tracker.onNode("node-1")).isEmpty();
        time.advance(SLOT_TIMEOUT);
        assertThat(slots.expire(time.millis())).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a0");
    }

    @Test
    void aJobMasterFreesOnlyItsOwnSlots() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        slots.allocate(1, "other", 1, "b0", time.millis());

        assertThat(tracker.freeSlot(new FreeSlot("job", 1, "b0", "not mine"))).isEmpty();
        assertThat(tracker.freeSlot(new FreeSlot("job", 1, "a0", "done"))).isPresent();
        assertThat(slots.jobs()).containsExactly("other");
    }

    @Test
    void aDisconnectingJobMasterFreesAllItsJobsSlots() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        slots.allocate(1, "job", 1, "a1", time.millis());

        assertThat(tracker.disconnected(new DisconnectJobMaster("job", 1, "job finished"))).hasSize(2);
        assertThat(slots.freeSlots()).isEqualTo(3);
    }

    @Test
    void aJobIsForgottenOnlyOnceItHasNoSlotHere() {
        slots.allocate(0, "job", 1, "a0", time.millis());
        tracker.heartbeat(report("job", 1, "node-1", "a0"), time.millis());

        assertThat(tracker.forgetIfNoSlots("job")).isFalse();
        assertThat(tracker.isWatched("job")).isTrue();

        slots.free("a0");
        assertThat(tracker.forgetIfNoSlots("job")).isTrue();
        assertThat(tracker.isWatched("job")).isFalse();
        assertThat(tracker.onNode("node-1")).isEmpty();
    }

    private static AllocatedSlotReport report(String jobId, long epoch, String nodeId, String... allocationIds) {
        return new AllocatedSlotReport(jobId, epoch, nodeId, List.of(allocationIds));
    }
}
