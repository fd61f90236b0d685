package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.runtime.task.TaskMetrics.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskMetricRatesTest {

    private final TaskMetricRates rates = new TaskMetricRates();

    @Test
    void aSubtasksFirstReportRatesOverItsWholeLife() {
        TaskMetrics m = next("e1", counters(1_000, 500, 300, 200, 1_500, 2_000));

        assertThat(m.numRecordsIn()).isEqualTo(1_000);
        assertThat(m.numRecordsInPerSecond()).isCloseTo(500, within(1e-9));
        assertThat(m.numRecordsOutPerSecond()).isCloseTo(250, within(1e-9));
        assertThat(m.busyTimeMsPerSecond()).isCloseTo(150, within(1e-9));
        assertThat(m.backPressuredTimeMsPerSecond()).isCloseTo(100, within(1e-9));
        assertThat(m.idleTimeMsPerSecond()).isCloseTo(750, within(1e-9));
    }

    @Test
    void laterReportsRateOverTheIntervalSinceThePreviousOne() {
        next("e1", counters(1_000, 0, 0, 0, 0, 2_000));

        TaskMetrics m = next("e1", counters(4_000, 0, 1_000, 0, 0, 3_000));

        assertThat(m.numRecordsIn()).as("totals stay totals").isEqualTo(4_000);
        assertThat(m.numRecordsInPerSecond()).isCloseTo(3_000, within(1e-9));
        assertThat(m.busyTimeMsPerSecond()).isCloseTo(1_000, within(1e-9));
        assertThat(m.totals()).as("time totals stay totals (Flink's accumulated-*-time)")
                .isEqualTo(new io.ebbflow.core.protocol.JobMasterMessages.TimeTotals(1_000, 0, 0));
    }

    @Test
    void timeSharesStayWithinASecondPerSecondAndRatesAreZeroWithoutElapsedTime() {
        next("e1", counters(10, 0, 0, 0, 0, 1_000));

        TaskMetrics m = next("e1", counters(20, 0, 5_000, 0, 0, 1_000));

        assertThat(m.busyTimeMsPerSecond()).isEqualTo(1_000);
        assertThat(m.numRecordsInPerSecond()).isZero();
    }

    @Test
    void eachSubtaskHasItsOwnIntervalAndAForgottenOneStartsOver() {
        next("e1", counters(1_000, 0, 0, 0, 0, 1_000));
        assertThat(next("e2", counters(1_000, 0, 0, 0, 0, 1_000)).numRecordsInPerSecond()).isCloseTo(1_000, within(1e-9));

        rates.forget("e1");

        assertThat(next("e1", counters(2_000, 0, 0, 0, 0, 2_000)).numRecordsInPerSecond()).isCloseTo(1_000, within(1e-9));
    }

    @Test
    void accumulatorsAndTheSourceMetricsPassThrough() {
        TaskMetrics m = rates.next("e1", "v1", 3, new Snapshot(0, 0, 0, 0, 0, 0, 0, 1_000, 42, 1_500, 1_700, 3),
                Map.of("lines", 7L));

        assertThat(m.vertexId()).isEqualTo("v1");
        assertThat(m.subtaskIndex()).isEqualTo(3);
        assertThat(m.accumulators()).containsEntry("lines", 7L);
        assertThat(m.pendingRecords()).isEqualTo(42);
        assertThat(m.currentFetchEventTimeLag()).isEqualTo(1_500);
        assertThat(m.currentEmitEventTimeLag()).isEqualTo(1_700);
        assertThat(m.numRecordsInErrors()).isEqualTo(3);
    }

    private TaskMetrics next(String executionId, Snapshot now) {
        return rates.next(executionId, "v1", 0, now, Map.of());
    }

    private static Snapshot counters(long recordsIn, long recordsOut, long busyMillis, long backPressuredMillis,
            long idleMillis, long elapsedMillis) {
        return new Snapshot(recordsIn, recordsOut, 0, 0, idleMillis, backPressuredMillis, busyMillis, elapsedMillis, -1,
                -1, -1, -1);
    }
}
