package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;

/**
 * Mutual TLS on the channels Ebbflow owns and the cluster's shared secret (Flink's {@code security.ssl.*} keys).
 * The internal channels are the clustered event bus, the data plane, the blob server and the TCP event-bus bridge;
 * REST is the web-ui's HTTP server (REST, dashboard and SockJS bridge).
 */
public final class SecurityOptions {

    private SecurityOptions() {
    }

    public static final ConfigOption<Boolean> SSL_INTERNAL_ENABLED = ConfigOption.key("security.ssl.internal.enabled")
            .booleanType().defaultValue(false)
            .withDescription("Mutual TLS on every internal channel: the clustered event bus, the data plane, the blob "
                    + "server and the TCP event-bus bridge. Every side presents the certificate of "
                    + "'security.ssl.internal.keystore' and accepts only peers whose certificate "
                    + "'security.ssl.internal.truststore' trusts; others are refused, logged and counted. Hazelcast's "
                    + "own traffic is not encrypted (see 'security.cluster.secret').");

    public static final ConfigOption<String> SSL_INTERNAL_KEYSTORE = ConfigOption.key("security.ssl.internal.keystore")
            .stringType().derivedDefault("(none): required when internal TLS is on")
            .validate("a non-empty path", Ranges.notBlank())
            .withDescription("Key store (JKS, or PKCS12 by the extension .p12/.pfx) with this service's key and "
                    + "certificate for the internal channels.");

    public static final ConfigOption<String> SSL_INTERNAL_KEYSTORE_PASSWORD = ConfigOption
            .key("security.ssl.internal.keystore-password").stringType().derivedDefault("(none)")
            .withDescription("Password of the internal key store. Never logged.");

    public static final ConfigOption<String> SSL_INTERNAL_KEY_PASSWORD = ConfigOption
            .key("security.ssl.internal.key-password").stringType().derivedDefault("the key store's password")
            .withDescription("Password of the key in the internal key store. Never logged.");

    public static final ConfigOption<String> SSL_INTERNAL_TRUSTSTORE = ConfigOption
            .key("security.ssl.internal.truststore").stringType().derivedDefault("(none): required when internal TLS is on")
            .validate("a non-empty path", Ranges.notBlank())
            .withDescription("Trust store (JKS, or PKCS12 by the extension .p12/.pfx) with the certificates (or their "
                    + "CA) of the peers the internal channels accept.");

    public static final ConfigOption<String> SSL_INTERNAL_TRUSTSTORE_PASSWORD = ConfigOption
            .key("security.ssl.internal.truststore-password").stringType().derivedDefault("(none)")
            .withDescription("Password of the internal trust store. Never logged.");

    public static final ConfigOption<Boolean> SSL_REST_ENABLED = ConfigOption.key("security.ssl.rest.enabled")
            .booleanType().defaultValue(false)
            .withDescription("TLS on the web-ui's HTTP server (REST, dashboard, SockJS bridge) with "
                    + "'security.ssl.rest.keystore'.");

    public static final ConfigOption<Boolean> SSL_REST_AUTHENTICATION_ENABLED = ConfigOption
            .key("security.ssl.rest.authentication-enabled").booleanType().defaultValue(false)
            .withDescription("With REST TLS on: mutual TLS, only clients whose certificate "
                    + "'security.ssl.rest.truststore' trusts are served; others are refused, logged and counted.");

    public static final ConfigOption<String> SSL_REST_KEYSTORE = ConfigOption.key("security.ssl.rest.keystore")
            .stringType().derivedDefault("(none): required when REST TLS is on")
            .validate("a non-empty path", Ranges.notBlank())
            .withDescription("Key store with the web-ui's key and certificate (JKS, or PKCS12 by the extension).");

    public static final ConfigOption<String> SSL_REST_KEYSTORE_PASSWORD = ConfigOption
            .key("security.ssl.rest.keystore-password").stringType().derivedDefault("(none)")
            .withDescription("Password of the REST key store. Never logged.");

    public static final ConfigOption<String> SSL_REST_KEY_PASSWORD = ConfigOption.key("security.ssl.rest.key-password")
            .stringType().derivedDefault("the key store's password")
            .withDescription("Password of the key in the REST key store. Never logged.");

    public static final ConfigOption<String> SSL_REST_TRUSTSTORE = ConfigOption.key("security.ssl.rest.truststore")
            .stringType().derivedDefault("(none): required for mutual REST TLS")
            .validate("a non-empty path", Ranges.notBlank())
            .withDescription("Trust store with the certificates (or their CA) of the REST clients accepted with "
                    + "'security.ssl.rest.authentication-enabled'.");

    public static final ConfigOption<String> SSL_REST_TRUSTSTORE_PASSWORD = ConfigOption
            .key("security.ssl.rest.truststore-password").stringType().derivedDefault("(none)")
            .withDescription("Password of the REST trust store. Never logged.");

    public static final ConfigOption<String> CLUSTER_SECRET = ConfigOption.key("security.cluster.secret")
            .stringType().derivedDefault("(none): members are not checked")
            .validate("at least 16 characters", v -> v.length() >= 16 ? null : "expected at least 16 characters")
            .withDescription("The cluster's shared secret. Hazelcast's community edition has no TLS or "
                    + "authentication: with a secret set, a member joins only members that present the same one (the "
                    + "cluster name used at join is derived from 'cluster.name' and the secret), and Hazelcast clients "
                    + "without it are refused. Hazelcast's traffic itself is not encrypted: keep the cluster port on a "
                    + "private network. Prefer 'security.cluster.secret-file'. Never logged.");

    public static final ConfigOption<String> CLUSTER_SECRET_FILE = ConfigOption.key("security.cluster.secret-file")
            .stringType().derivedDefault("(none)")
            .validate("a non-empty path", Ranges.notBlank())
            .withDescription("A file holding the cluster's shared secret (see 'security.cluster.secret'), readable by "
                    + "its owner only.");
}
