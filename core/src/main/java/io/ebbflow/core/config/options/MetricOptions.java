package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;

/** Prometheus metrics, served by every service. */
public final class MetricOptions {

    private MetricOptions() {
    }

    public static final ConfigOption<String> PROMETHEUS_PORT = ConfigOption.key("metrics.reporter.prom.port")
            .stringType().defaultValue("9249-9269")
            .validate("a port or a range such as '9249-9269'", Ranges.portRange())
            .withDescription("Port, or range of ports, on which a service serves Prometheus metrics at '/metrics'; "
                    + "the first free port of the range is used (several services on one machine each take the "
                    + "next). 0 picks any free port. The chosen port is logged at start.");

    public static final ConfigOption<Boolean> PROMETHEUS_ENABLED = ConfigOption.key("metrics.reporter.prom.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Whether a service serves Prometheus metrics on its own port. The web-ui also serves "
                    + "its metrics on the REST port at '/metrics'.");

    public static final ConfigOption<java.time.Duration> TASK_REPORT_INTERVAL = ConfigOption
            .key("metrics.task.report-interval")
            .durationType().defaultValue(java.time.Duration.ofSeconds(1))
            .validate("a positive duration", io.ebbflow.core.config.Ranges.positive())
            .withDescription("How often TaskExecutors send their subtasks' metrics (records in/out per second, busy, "
                    + "backpressured and idle time) to the JobMasters; also the window of the per-second rates.");
}
