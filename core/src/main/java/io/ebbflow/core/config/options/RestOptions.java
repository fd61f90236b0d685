package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;

/** The web-ui's REST gateway (Flink's keys and default port). */
public final class RestOptions {

    private RestOptions() {
    }

    public static final ConfigOption<String> BIND_ADDRESS = ConfigOption.key("rest.bind-address")
            .stringType().defaultValue("127.0.0.1")
            .validate("a non-empty host or IP address", Ranges.notBlank())
            .withDescription("Address the REST gateway and dashboard listen on.");

    public static final ConfigOption<Integer> PORT = ConfigOption.key("rest.port")
            .intType().defaultValue(8081)
            .validate("an integer in [0, 65535]", Ranges.intBetween(0, 65535))
            .withDescription("Port of the REST gateway and dashboard; 0 picks a free port (logged at start).");
}
