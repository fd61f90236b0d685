package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A source subtask's metrics reach Prometheus under Flink's operator-level names, once the source tells them; a
 * subtask that is not a source (or cannot tell) has none of them.
 */
class TaskMetricGaugesTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TaskMetricGauges gauges = new TaskMetricGauges(registry, "te-1");

    private static TaskMetrics metrics(String exec, long pending, long fetchLag, long emitLag, long errors) {
        return new TaskMetrics(exec, "v", 0, 10, 20, 0, 0, 1, 2, 300, 0, 700, Map.of(), pending, fetchLag, emitLag,
                errors);
    }

    @Test
    void aSourcesBacklogLagsAndSkippedRecordsAreScrapedWithFlinksNames() {
        gauges.update("job-1", "Source", metrics("e1", 42, 1_500, 1_700, 3));

        String scrape = registry.scrape();

        assertThat(scrape).contains("flink_taskmanager_job_task_operator_pendingRecords{job_id=\"job-1\",subtask_index=\"0\","
                + "task_name=\"Source\",tm_id=\"te-1\"} 42.0");
        assertThat(scrape).containsPattern("flink_taskmanager_job_task_operator_currentFetchEventTimeLag\\{[^}]*} 1500.0");
        assertThat(scrape).containsPattern("flink_taskmanager_job_task_operator_currentEmitEventTimeLag\\{[^}]*} 1700.0");
        assertThat(scrape).containsPattern("flink_taskmanager_job_task_operator_numRecordsInErrors\\{[^}]*} 3.0");

        gauges.update("job-1", "Source", metrics("e1", 40, 900, 1_000, 5));

        assertThat(registry.scrape()).containsPattern("flink_taskmanager_job_task_operator_pendingRecords\\{[^}]*} 40.0")
                .containsPattern("flink_taskmanager_job_task_operator_numRecordsInErrors\\{[^}]*} 5.0");

        gauges.remove("e1");

        assertThat(registry.scrape()).doesNotContain("flink_taskmanager_job_task_operator_");
    }

    @Test
    void aSubtaskThatTellsNoSourceMetricsHasNone() {
        gauges.update("job-1", "Map", metrics("e2", -1, -1, -1, -1));

        assertThat(registry.scrape()).contains("flink_taskmanager_job_task_numRecordsIn")
                .doesNotContain("flink_taskmanager_job_task_operator_");
    }
}
