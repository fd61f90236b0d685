package io.ebbflow.jm.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RescaleHistoryTest {

    private final RescaleHistory history = new RescaleHistory();

    @Test
    void aPlannedRescaleRecordsEachPhaseFromTheCheckpointItWaitedFor() {
        history.begin(true, "a TaskExecutor joined", Map.of("v", 1), 1000, 1040);
        history.phase("plan", 1070);
        history.deployed(Map.of("v", 2), 1080);
        history.reprocessed(0, 0);

        RescaleHistory.Entry open = history.entries().get(0);
        assertThat(open.end()).isEqualTo(-1);
        assertThat(open.after()).isEqualTo(Map.of("v", 2));
        assertThat(open.phases()).extracting(RescaleHistory.Phase::name)
                .containsExactly("checkpoint", "cancel", "plan", "deploy");
        assertThat(open.phases().get(3).end()).as("the current phase is open").isEqualTo(-1);

        history.end(1300);
        RescaleHistory.Entry done = history.entries().get(0);
        assertThat(done.start()).as("from the moment it became due").isEqualTo(1000);
        assertThat(done.end()).isEqualTo(1300);
        assertThat(done.phases()).containsExactly(new RescaleHistory.Phase("checkpoint", 1000, 1040),
                new RescaleHistory.Phase("cancel", 1040, 1070), new RescaleHistory.Phase("plan", 1070, 1080),
                new RescaleHistory.Phase("deploy", 1080, 1300));
        assertThat(done.reprocessed()).isZero();
        assertThat(done.unknownSources()).isZero();
        assertThat(history.inProgress()).isFalse();
    }

    @Test
    void theAutoscalersDecisionIsTheCauseOfTheNextRescaleOnly() {
        history.decided("vertex Work: busy 91%, input 12 k/s, capacity 6.5 k/s per subtask: 2 -> 4");
        history.begin(false, "subtask failed", Map.of("v", 2), 100, 100);
        history.end(200);
        history.begin(true, "resources or requirements changed", Map.of("v", 2), 300, 300);
        history.end(400);
        history.begin(true, "a TaskExecutor joined", Map.of("v", 4), 500, 500);
        history.end(600);

        assertThat(history.entries()).extracting(RescaleHistory.Entry::cause).containsExactly("a TaskExecutor joined",
                "autoscaler: vertex Work: busy 91%, input 12 k/s, capacity 6.5 k/s per subtask: 2 -> 4 (resources or "
                        + "requirements changed)", "subtask failed");
    }

    @Test
    void aFailureRestartHasNoCheckpointPhaseAndKeepsItsLowerBound() {
        history.begin(false, "TaskExecutor lost", Map.of("v", 2), 5000, 5000);
        history.phase("waiting for resources", 6000);
        history.phase("waiting for resources", 6100);
        history.phase("plan", 6500);
        history.deployed(Map.of("v", 1), 6510);
        history.reprocessed(1234, 1);
        history.end(6700);

        RescaleHistory.Entry e = history.entries().get(0);
        assertThat(e.rescale()).isFalse();
        assertThat(e.phases()).extracting(RescaleHistory.Phase::name)
                .containsExactly("cancel + backoff", "waiting for resources", "plan", "deploy");
        assertThat(e.phases().get(1)).isEqualTo(new RescaleHistory.Phase("waiting for resources", 6000, 6500));
        assertThat(e.reprocessed()).isEqualTo(1234);
        assertThat(e.unknownSources()).isEqualTo(1);
    }

    @Test
    void aNewBeginningSupersedesTheOneInProgressAndNothingIsRecordedWhenNoneIs() {
        history.phase("plan", 10);
        history.deployed(Map.of("v", 3), 11);
        history.reprocessed(5, 0);
        history.end(12);
        assertThat(history.entries()).isEmpty();

        history.begin(true, "first", Map.of("v", 1), 100, 100);
        history.begin(false, "second", Map.of("v", 1), 200, 200);
        List<RescaleHistory.Entry> entries = history.entries();
        assertThat(entries).extracting(RescaleHistory.Entry::cause).containsExactly("second", "first");
        assertThat(entries.get(1).end()).isEqualTo(200);
        assertThat(entries.get(1).after()).as("it never deployed").isEmpty();
        assertThat(entries.get(1).reprocessed()).isEqualTo(-1);
        assertThat(entries.get(0).id()).isGreaterThan(entries.get(1).id());
    }
}
