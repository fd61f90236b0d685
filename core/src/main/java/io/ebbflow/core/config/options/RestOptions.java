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
            .withDescription("Address the REST gateway, the dashboard and the TCP event-bus bridge listen on "
                    + "('0.0.0.0' for every interface).");

    public static final ConfigOption<String> ADDRESS = ConfigOption.key("rest.address")
            .stringType().derivedDefault("'rest.bind-address', or 'cluster.host' when that is a wildcard")
            .validate("a host or IP address clients can reach (not a wildcard such as 0.0.0.0)",
                    io.ebbflow.core.config.NetworkAddresses::checkAdvertised)
            .withDescription("Address clients use to reach the REST gateway: logged at start and allowed as the "
                    + "dashboard's origin (see 'rest.allowed-origins').");

    public static final ConfigOption<Integer> PORT = ConfigOption.key("rest.port")
            .intType().defaultValue(8081)
            .validate("an integer in [0, 65535]", Ranges.intBetween(0, 65535))
            .withDescription("Port of the REST gateway and dashboard; 0 picks a free port (logged at start).");

    public static final ConfigOption<String> AUTH_TOKEN = ConfigOption.key("rest.auth.token")
            .stringType().derivedDefault("(none): the token in 'rest.auth.token-file'")
            .validate("a non-empty string", Ranges.notBlank())
            .withDescription("The token every REST call that changes something (PUT, POST, PATCH, DELETE) must carry "
                    + "as 'Authorization: Bearer <token>'; without it the call is refused with 401. Prefer "
                    + "'rest.auth.token-file': a value given here shows in the process list. The dashboard asks for the "
                    + "token when an action is refused. Reading needs no token. Never logged.");

    public static final ConfigOption<String> AUTH_TOKEN_FILE = ConfigOption.key("rest.auth.token-file")
            .stringType().derivedDefault("~/.ebbflow/rest-token")
            .validate("a non-empty path", Ranges.notBlank())
            .withDescription("Where the REST token is when 'rest.auth.token' is not set: read if the file exists, "
                    + "else created with a random token, readable and writable by its owner only (0600). A file "
                    + "that others may read or write is refused at start. The web-ui logs the file's path, never "
                    + "the token.");

    public static final ConfigOption<java.util.List<String>> ALLOWED_ORIGINS = ConfigOption.key("rest.allowed-origins")
            .stringListType().derivedDefault("the dashboard's own address (http://<rest.address>:<rest.port>, and "
                    + "http://localhost:<rest.port>)")
            .withDescription("Origins from which browsers may open the event-bus bridge's WebSocket and SockJS sessions "
                    + "(the 'Origin' header); others are refused with 403.");

    public static final ConfigOption<Integer> TCP_BRIDGE_PORT = ConfigOption.key("eventbus.tcp-bridge.port")
            .intType().defaultValue(7001)
            .validate("-1 or an integer in [1, 65535]", v -> v == -1 || (v >= 1 && v <= 65535) ? null
                    : "expected -1 or an integer in [1, 65535], got " + v)
            .withDescription("Port of the TCP event-bus bridge (bound to 'rest.bind-address') for clients outside the "
                    + "JVM: they may subscribe to the status addresses ('ebbflow.status.*') and ask the read-only "
                    + "'ebbflow.query.*' addresses; -1 disables it.");

    public static final ConfigOption<java.time.Duration> STATUS_INTERVAL = ConfigOption.key("eventbus.status.interval")
            .durationType().defaultValue(java.time.Duration.ofSeconds(1))
            .validate("a positive duration", Ranges.positive())
            .withDescription("How often the web-ui publishes the cluster's and the jobs' status on 'ebbflow.status.*' "
                    + "(what the dashboard and bridge clients see).");
}
