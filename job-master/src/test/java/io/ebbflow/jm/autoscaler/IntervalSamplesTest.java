package io.ebbflow.jm.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.TimeTotals;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntervalSamplesTest {

    /** What the subtasks' latest reports say for the vertex (their last second's rates). */
    private static final VertexSample REPORTED = new VertexSample(1000, 3300, 3300, 42, 900);

    /** A report whose last second read {@code rate} records, with running totals up to {@code elapsedMillis}. */
    private static TaskMetrics report(String execution, long in, long busyMillis, long elapsedMillis, double rate) {
        long idle = elapsedMillis - busyMillis;
        return new TaskMetrics(execution, "v", 0, in, in, 0, 0, rate, rate, 1000, 0, 0, Map.of(), -1, -1, -1, -1,
                new TimeTotals(busyMillis, 0, idle));
    }

    @Test
    void aSampleCoversTheWholeIntervalSinceThePreviousOneNotTheLastSecond() {
        IntervalSamples intervals = new IntervalSamples();
        // The first sample has nothing to measure from: the reported rates.
        assertThat(intervals.sample(List.of(report("a", 10_000, 2_000, 10_000, 1400)), REPORTED)).isSameAs(REPORTED);
        intervals.endSample();
        // 5 s later: 10 000 more records, 2.5 s more busy; its last second was a burst of 3.3 k/s.
        VertexSample s = intervals.sample(List.of(report("a", 20_000, 4_500, 15_000, 3300)), REPORTED);
        assertThat(s.numRecordsInPerSecond()).isCloseTo(2000, within(1e-6));
        assertThat(s.numRecordsOutPerSecond()).isCloseTo(2000, within(1e-6));
        assertThat(s.busyTimeMsPerSecond()).isCloseTo(500, within(1e-6));
        assertThat(s.busyTimeMsPerSecondAvg()).isCloseTo(500, within(1e-6));
        assertThat(s.pendingRecords()).as("a level, as reported").isEqualTo(42);
    }

    /** Two subtasks a and b, at 0 records and 0 ms busy after 1 s, sampled once. */
    private static IntervalSamples twoSubtasksSampledAt1s() {
        IntervalSamples intervals = new IntervalSamples();
        intervals.sample(List.of(report("a", 0, 0, 1_000, 0), report("b", 0, 0, 1_000, 0)), REPORTED);
        intervals.endSample();
        return intervals;
    }

    /** At 5 s a read 4000 records busy all the time, b 2000 half the time: measured from 1 s, over 4 s. */
    private static void assertMeasuredFrom1sTo5s(IntervalSamples intervals) {
        VertexSample s = intervals.sample(List.of(report("a", 4_000, 4_000, 5_000, 0),
                report("b", 2_000, 2_000, 5_000, 0)), REPORTED);
        assertThat(s.numRecordsInPerSecond()).isCloseTo(1500, within(1e-6));
        assertThat(s.busyTimeMsPerSecond()).isCloseTo(1000, within(1e-6));
        assertThat(s.busyTimeMsPerSecondAvg()).isCloseTo(750, within(1e-6));
    }

    @Test
    void theBusiestSubtaskAndTheMeanOverAVertex() {
        assertMeasuredFrom1sTo5s(twoSubtasksSampledAt1s());
    }

    @Test
    void whenOneSubtaskHasNoNewReportEverySubtaskKeepsItsEarlierTotals() {
        IntervalSamples intervals = twoSubtasksSampledAt1s();
        // b has not reported since: the reported rates.
        assertThat(intervals.sample(List.of(report("a", 1_000, 1_000, 2_000, 0), report("b", 0, 0, 1_000, 0)),
                REPORTED)).isSameAs(REPORTED);
        intervals.endSample();
        // Both have now: measured for both from the first sample's totals (a's too).
        assertMeasuredFrom1sTo5s(intervals);
    }

    @Test
    void aSubtaskWithoutANewReportOrANewSubtaskFallsBackToTheReportedRates() {
        IntervalSamples intervals = new IntervalSamples();
        intervals.sample(List.of(report("a", 1_000, 500, 1_000, 0)), REPORTED);
        intervals.endSample();
        // No report since (the same totals): the reported rates, and the next sample measures from the first.
        assertThat(intervals.sample(List.of(report("a", 1_000, 500, 1_000, 0)), REPORTED)).isSameAs(REPORTED);
        intervals.endSample();
        VertexSample s = intervals.sample(List.of(report("a", 3_000, 1_500, 3_000, 0)), REPORTED);
        assertThat(s.numRecordsInPerSecond()).isCloseTo(1000, within(1e-6));
        intervals.endSample();
        // A rescale's new subtasks have no earlier totals; the old ones are forgotten.
        assertThat(intervals.sample(List.of(report("c", 500, 100, 1_000, 0), report("d", 500, 100, 1_000, 0)),
                REPORTED)).isSameAs(REPORTED);
        intervals.endSample();
        assertThat(intervals.sample(List.of(report("a", 5_000, 2_500, 5_000, 0)), REPORTED)).isSameAs(REPORTED);
    }
}
