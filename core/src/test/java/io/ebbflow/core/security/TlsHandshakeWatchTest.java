package io.ebbflow.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.cluster.ClusterBootstrap;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.SecurityOptions;
import io.ebbflow.core.testing.TestCertificates;
import io.ebbflow.core.testing.TestClusters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two members of a cluster with internal TLS: a client without a certificate, or with one the cluster does not
 * trust, is refused on a member's event-bus port, and each refusal is counted once as {@code channel="tls"},
 * {@code reason="event-bus"}; a trusted client is not counted, and the members still talk over their event buses.
 */
class TlsHandshakeWatchTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ADDRESS = "test.tls.echo";

    @TempDir
    static Path certs;
    static TestCertificates.Stores trusted;
    static TestCertificates.Stores stranger;
    static final List<ClusterNode> nodes = new ArrayList<>();
    static final SecurityRefusals refusals = new SecurityRefusals("test", new SimpleMeterRegistry());
    static int eventBusPort;

    @BeforeAll
    static void start() throws Exception {
        trusted = TestCertificates.cluster(certs);
        stranger = TestCertificates.stranger(certs);
        String name = TestClusters.uniqueName();
        List<Integer> ports = TestClusters.freePorts(2);
        for (int port : ports) {
            Configuration config = TestClusters.memberConfig(name, port, ports).toBuilder()
                    .set(SecurityOptions.SSL_INTERNAL_ENABLED, true)
                    .set(SecurityOptions.SSL_INTERNAL_KEYSTORE, trusted.keyStore().toString())
                    .set(SecurityOptions.SSL_INTERNAL_KEYSTORE_PASSWORD, TestCertificates.PASSWORD)
                    .set(SecurityOptions.SSL_INTERNAL_TRUSTSTORE, trusted.trustStore().toString())
                    .set(SecurityOptions.SSL_INTERNAL_TRUSTSTORE_PASSWORD, TestCertificates.PASSWORD)
                    .build();
            nodes.add(TestClusters.await(ClusterBootstrap.start(config)));
        }
        TlsHandshakeWatch watch = nodes.get(0).tlsHandshakes();
        watch.reportTo(refusals);
        eventBusPort = watch.watched().entrySet().stream().filter(e -> e.getValue().equals("event-bus"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        nodes.get(0).vertx().eventBus().<String>consumer(ADDRESS, m -> m.reply("echo " + m.body()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestClusters.closeAll(nodes);
    }

    @Test
    void aClientWithoutACertificateIsRefusedAndCounted() throws Exception {
        assertRefusedAndCountedOnce(TestCertificates.noCertificate());
    }

    @Test
    void aClientWithAnUntrustedCertificateIsRefusedAndCounted() throws Exception {
        assertRefusedAndCountedOnce(TestCertificates.sslContext(stranger, trusted));
    }

    @Test
    void aTrustedClientIsAcceptedAndNotCounted() throws Exception {
        double before = refusals.count("tls", "event-bus");
        assertThat(TestCertificates.stillOpen(eventBusPort, TestCertificates.sslContext(trusted, trusted))).isTrue();
        assertThat(refusals.count("tls", "event-bus")).isEqualTo(before);
    }

    @Test
    void theMembersStillTalkOverTheirEventBusesAfterRefusals() throws Exception {
        assertRefusedAndCountedOnce(TestCertificates.noCertificate());
        // The second member's request crosses to the first member's event-bus server.
        await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(TestClusters.await(nodes.get(1)
                .vertx().eventBus().<String>request(ADDRESS, "hello", new DeliveryOptions().setSendTimeout(2_000)))
                .body()).isEqualTo("echo hello"));
    }

    private static synchronized void assertRefusedAndCountedOnce(SSLContext client) throws Exception {
        double before = refusals.count("tls", "event-bus");
        assertThat(TestCertificates.stillOpen(eventBusPort, client)).as("the connection was refused").isFalse();
        await().atMost(TIMEOUT).until(() -> refusals.count("tls", "event-bus") >= before + 1);
        assertThat(refusals.count("tls", "event-bus")).isEqualTo(before + 1);
    }
}
