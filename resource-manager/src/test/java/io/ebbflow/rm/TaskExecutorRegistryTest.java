package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.SlotReport;
import io.ebbflow.core.state.TaskExecutorRecord;
import io.ebbflow.core.testing.ProtocolSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskExecutorRegistryTest {

    private final TaskExecutorRegistry registry = new TaskExecutorRegistry();

    @Test
    void aNewIdNeedsNoReplacementAndIsRecordedForReplication() {
        RegisterTaskExecutor msg = register("te-a", "node-1", 2);

        assertThat(registry.mustReplace(msg, node -> true)).isFalse();
        TaskExecutorRecord record = registry.register(msg, "reg-1", 100);

        assertThat(record.registrationId()).isEqualTo("reg-1");
        assertThat(record.registeredAt()).isEqualTo(100);
        assertThat(registry.drainChanges()).containsExactly(Map.entry("te-a", record));
        assertThat(registry.drainChanges()).isEmpty();
    }

    @Test
    void theSameProcessRegisteringAgainKeepsItsFirstRegistrationTime() {
        registry.register(register("te-a", "node-1", 2), "reg-1", 100);

        assertThat(registry.mustReplace(register("te-a", "node-1", 2), node -> true)).isFalse();
        TaskExecutorRecord again = registry.register(register("te-a", "node-1", 2), "reg-2", 200);

        assertThat(again.registeredAt()).isEqualTo(100);
        assertThat(again.registrationId()).isEqualTo("reg-2");
        assertThatThrownBy(() -> registry.checkRegistration("te-a", "reg-1"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.UNKNOWN_SENDER));
    }

    @Test
    void anotherSlotCountOrAGoneProcessMustBeReplacedButALiveOneConflicts() {
        registry.register(register("te-a", "node-1", 2), "reg-1", 100);

        assertThat(registry.mustReplace(register("te-a", "node-1", 3), node -> true)).isTrue();
        assertThat(registry.mustReplace(register("te-a", "node-2", 2), node -> false)).isTrue();
        assertThatThrownBy(() -> registry.mustReplace(register("te-a", "node-2", 2), node -> true))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.CONFLICT));
    }

    @Test
    void aHeartbeatIsRecordedThenItsReportMustCoverTheRegisteredSlots() {
        registry.register(register("te-a", "node-1", 2), "reg-1", 100);

        registry.heartbeat("te-a", "reg-1", report(2), 150);
        assertThat(registry.all()).singleElement().satisfies(te -> assertThat(te.lastHeartbeat()).isEqualTo(150));

        assertThatThrownBy(() -> registry.heartbeat("te-a", "reg-1", report(3), 160))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.MALFORMED));
        assertThat(registry.all()).singleElement().satisfies(te -> assertThat(te.lastHeartbeat()).isEqualTo(160));
        assertThatThrownBy(() -> registry.heartbeat("te-x", "reg-1", report(2), 170))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.UNKNOWN_SENDER));
    }

    @Test
    void removalIsRecordedAsANullWriteAndOnlyOnce() {
        registry.register(register("te-a", "node-1", 1), "reg-1", 0);
        registry.register(register("te-b", "node-2", 1), "reg-2", 0);
        registry.drainChanges();

        assertThat(registry.onNode("node-1")).containsExactly("te-a");
        assertThat(registry.remove("te-a")).isTrue();
        assertThat(registry.remove("te-a")).isFalse();

        assertThat(registry.isRegistered("te-a")).isFalse();
        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.drainChanges()).containsOnlyKeys("te-a").containsValue(null);
    }

    @Test
    void aRestoredTaskExecutorKeepsItsRegistrationAndIsNotWrittenBack() {
        registry.restore(new TaskExecutorRecord("te-a", "node-1", "h", 0, 1, ProtocolSamples.HARDWARE, "reg-1", 0), 50);

        registry.checkRegistration("te-a", "reg-1");
        assertThat(registry.all()).singleElement().satisfies(te -> assertThat(te.lastHeartbeat()).isEqualTo(50));
        assertThat(registry.drainChanges()).isEmpty();
    }

    private static RegisterTaskExecutor register(String id, String nodeId, int slots) {
        return new RegisterTaskExecutor(id, nodeId, "h", 0, slots, ProtocolSamples.HARDWARE, report(slots));
    }

    private static SlotReport report(int slots) {
        List<SlotReport.Slot> list = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            list.add(SlotReport.Slot.free(i));
        }
        return new SlotReport(list);
    }
}
