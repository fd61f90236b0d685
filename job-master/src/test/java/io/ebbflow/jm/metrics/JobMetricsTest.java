package io.ebbflow.jm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The job's source sums reach the JobMaster's Prometheus endpoint; NaN while no source tells them. */
class JobMetricsTest {

    @Test
    void theJobsBacklogAndSkippedRecordsAreScraped() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JobMetrics metrics = new JobMetrics(registry, "job-1", "Orders", () -> 2);

        assertThat(registry.scrape()).contains("ebbflow_jobmanager_job_pendingRecords{job_id=\"job-1\",job_name=\"Orders\"} NaN");

        metrics.sources(1_234, 5);

        assertThat(registry.scrape())
                .contains("ebbflow_jobmanager_job_pendingRecords{job_id=\"job-1\",job_name=\"Orders\"} 1234.0")
                .contains("ebbflow_jobmanager_job_numRecordsInErrors{job_id=\"job-1\",job_name=\"Orders\"} 5.0");
    }
}
