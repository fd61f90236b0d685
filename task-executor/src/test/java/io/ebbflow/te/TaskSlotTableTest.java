package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskSlotState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskSlotTableTest {

    private final TaskSlotTable table = new TaskSlotTable(2, Duration.ofSeconds(10));

    @Test
    void anAllocatedSlotIsReportedAndBecomesActiveWhenAccepted() {
        assertThat(table.allocate(0, "job", 1, "a1", 0)).isTrue();
        assertThat(table.report().slots().get(0).state()).isEqualTo(TaskSlotState.ALLOCATED);
        assertThat(table.offerable("job")).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a1");

        assertThat(table.markActive("a1")).isTrue();

        assertThat(table.report().slots().get(0).state()).isEqualTo(TaskSlotState.ACTIVE);
        assertThat(table.offerable("job")).isEmpty();
        assertThat(table.freeSlots()).isEqualTo(1);
    }

    @Test
    void allocatingTheSameAllocationAgainIsHarmlessButAnotherOneConflicts() {
        table.allocate(0, "job", 1, "a1", 0);
        assertThat(table.allocate(0, "job", 1, "a1", 5)).isFalse();
        assertThatThrownBy(() -> table.allocate(0, "other", 1, "a2", 5))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.CONFLICT));
        assertThatThrownBy(() -> table.allocate(7, "job", 1, "a3", 5))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.NOT_FOUND));
    }

    @Test
    void aSlotNotAcceptedWithinTheSlotTimeoutIsFreed() {
        table.allocate(0, "job", 1, "a1", 1_000);
        assertThat(table.expire(10_999)).isEmpty();
        assertThat(table.expire(11_000)).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a1");
        assertThat(table.freeSlots()).isEqualTo(2);
    }

    @Test
    void slotsOfAJobWhoseJobMasterIsGoneWaitOneSlotTimeoutForItToComeBack() {
        table.allocate(0, "job", 1, "a1", 0);
        table.allocate(1, "job", 1, "a2", 0);
        table.markActive("a1");
        table.markActive("a2");

        assertThat(table.markJobInactive("job", 100_000)).hasSize(2);
        assertThat(table.offerable("job")).hasSize(2);
        table.markActive("a1");
        assertThat(table.expire(110_000)).extracting(TaskSlotTable.TaskSlot::allocationId).containsExactly("a2");
    }

    @Test
    void olderJobMasterEpochsAreRefusedAndNewerOnesAdopted() {
        table.allocate(0, "job", 2, "a1", 0);
        assertThatThrownBy(() -> table.checkJobMasterEpoch("job", 1))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.STALE));
        table.checkJobMasterEpoch("job", 3);
        assertThat(table.knownJobMasterEpoch("job")).isEqualTo(3);
        assertThat(table.knownJobMasterEpoch("no-such-job")).isZero();
    }

    @Test
    void freeingAJobFreesAllItsSlots() {
        table.allocate(0, "job", 1, "a1", 0);
        table.allocate(1, "other", 1, "b1", 0);
        assertThat(table.freeJob("job")).hasSize(1);
        assertThat(table.jobs()).containsExactly("other");
        assertThat(table.free("b1")).isPresent();
        assertThat(table.free("b1")).isEmpty();
    }
}
