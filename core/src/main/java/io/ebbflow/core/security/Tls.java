package io.ebbflow.core.security;

import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.SecurityOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyStoreOptionsBase;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * One TLS set-up (a key store and a trust store) applied to every channel of a kind: {@link #internal} to the
 * clustered event bus, the data plane, the blob server and the TCP bridge; {@link #rest} to the web-ui's HTTP server.
 * Servers present the key store's certificate and, when mutual, require a client certificate the trust store
 * trusts; clients present theirs and trust only the trust store. Host names are not checked: the trust store is
 * the cluster's own, so trust means "has a certificate the cluster issued", as for Flink's internal TLS.
 *
 * <p>Returns the options it is given, so it fits Vert.x's option builders. Off (empty) unless enabled.
 */
public final class Tls {

    private final KeyStoreOptionsBase keyStore;
    private final KeyStoreOptionsBase trustStore;
    private final boolean mutual;

    private Tls(KeyStoreOptionsBase keyStore, KeyStoreOptionsBase trustStore, boolean mutual) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.mutual = mutual;
    }

    /** Mutual TLS for the internal channels, if {@code security.ssl.internal.enabled}. */
    public static Optional<Tls> internal(Configuration config) {
        if (!config.get(SecurityOptions.SSL_INTERNAL_ENABLED)) {
            return Optional.empty();
        }
        return Optional.of(new Tls(
                store(config, SecurityOptions.SSL_INTERNAL_KEYSTORE, SecurityOptions.SSL_INTERNAL_KEYSTORE_PASSWORD,
                        SecurityOptions.SSL_INTERNAL_KEY_PASSWORD),
                store(config, SecurityOptions.SSL_INTERNAL_TRUSTSTORE, SecurityOptions.SSL_INTERNAL_TRUSTSTORE_PASSWORD,
                        null),
                true));
    }

    /** TLS for REST, if {@code security.ssl.rest.enabled}; mutual with {@code security.ssl.rest.authentication-enabled}. */
    public static Optional<Tls> rest(Configuration config) {
        if (!config.get(SecurityOptions.SSL_REST_ENABLED)) {
            return Optional.empty();
        }
        boolean mutual = config.get(SecurityOptions.SSL_REST_AUTHENTICATION_ENABLED);
        return Optional.of(new Tls(
                store(config, SecurityOptions.SSL_REST_KEYSTORE, SecurityOptions.SSL_REST_KEYSTORE_PASSWORD,
                        SecurityOptions.SSL_REST_KEY_PASSWORD),
                mutual || config.contains(SecurityOptions.SSL_REST_TRUSTSTORE)
                        ? store(config, SecurityOptions.SSL_REST_TRUSTSTORE, SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD,
                                null) : null,
                mutual));
    }

    /** Checks the options of the enabled kinds (exit code 2 at start naming the key, instead of a later failure). */
    public static void check(Configuration config) {
        internal(config);
        rest(config);
    }

    private static KeyStoreOptionsBase store(Configuration config, ConfigOption<String> path,
            ConfigOption<String> password, ConfigOption<String> keyPassword) {
        String file = config.getOptional(path).orElseThrow(() -> new ConfigException("'" + path.key()
                + "' must be set when TLS is on"));
        if (!Files.isReadable(Path.of(file))) {
            throw new ConfigException("'" + path.key() + "' = '" + file + "': no such readable file");
        }
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        KeyStoreOptionsBase store = lower.endsWith(".p12") || lower.endsWith(".pfx") ? new PfxOptions() : new JksOptions();
        store.setPath(file);
        config.getOptional(password).ifPresent(store::setPassword);
        if (keyPassword != null) {
            config.getOptional(keyPassword).ifPresent(store::setAliasPassword);
        }
        return store;
    }

    /** A server that presents our certificate and, when mutual, requires a trusted client certificate. */
    public NetServerOptions server(NetServerOptions options) {
        options.setSsl(true).setKeyCertOptions(keyStore.copy());
        if (trustStore != null) {
            options.setTrustOptions(trustStore.copy());
        }
        return options.setClientAuth(mutual ? ClientAuth.REQUIRED : ClientAuth.NONE);
    }

    /** As {@link #server(NetServerOptions)}, for HTTP. */
    public HttpServerOptions server(HttpServerOptions options) {
        options.setSsl(true).setKeyCertOptions(keyStore.copy());
        if (trustStore != null) {
            options.setTrustOptions(trustStore.copy());
        }
        return options.setClientAuth(mutual ? ClientAuth.REQUIRED : ClientAuth.NONE);
    }

    /** A client that presents our certificate and trusts only the trust store. */
    public NetClientOptions client(NetClientOptions options) {
        options.setSsl(true).setKeyCertOptions(keyStore.copy()).setHostnameVerificationAlgorithm("");
        if (trustStore != null) {
            options.setTrustOptions(trustStore.copy());
        }
        return options;
    }

    /** As {@link #client(NetClientOptions)}, for HTTP. */
    public HttpClientOptions client(HttpClientOptions options) {
        options.setSsl(true).setKeyCertOptions(keyStore.copy()).setVerifyHost(false);
        if (trustStore != null) {
            options.setTrustOptions(trustStore.copy());
        }
        return options;
    }

    /** The clustered event bus: both ends of every connection present and check certificates. */
    public EventBusOptions eventBus(EventBusOptions options) {
        options.setSsl(true).setKeyCertOptions(keyStore.copy()).setTrustOptions(trustStore.copy())
                .setClientAuth(ClientAuth.REQUIRED);
        return options;
    }

    /** Whether a failure is a TLS handshake that failed (an untrusted or missing certificate, not TLS at all). */
    public static boolean isHandshakeFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c.getClass().getName().contains("NotSslRecordException")
                    || c.getClass().getName().contains("DecoderException") && String.valueOf(c.getMessage()).contains("SSL")) {
                return true;
            }
        }
        return false;
    }
}
