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
}
