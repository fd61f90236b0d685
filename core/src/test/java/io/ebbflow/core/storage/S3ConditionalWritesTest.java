package io.ebbflow.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link S3ObjectStore} sends for a conditional write and how it reads the answer, against a loopback HTTP
 * server that answers as S3 documents it (S3Proxy 2.6.0, the real server of the other S3 tests, ignores
 * {@code If-None-Match} and {@code If-Match} on writes, so it cannot show either). The requests are the AWS SDK's own,
 * signed and sent over its HTTP client; only the answers are written here: 412 Precondition Failed when the condition
 * does not hold, 409 ConditionalRequestConflict when a concurrent conditional write won.
 */
class S3ConditionalWritesTest {

    private static final ObjectLocation POINTER = new ObjectLocation("bucket", "ha/job-1/leader");

    /** One request the server received. */
    record Received(String method, String path, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** The answer to one request: a status, and for an error S3's error code. */
    record Answer(int status, String errorCode) {
        static Answer ok() {
            return new Answer(200, null);
        }

        static Answer error(int status, String code) {
            return new Answer(status, code);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private S3ObjectStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** Starts the server answering with {@code answers} and a store pointed at it; the bucket is probed as supporting. */
    private void serve(Function<Received, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> answer(exchange, answers));
        server.start();
        store = new S3ObjectStore(new S3Settings("http://127.0.0.1:" + server.getAddress().getPort(), "key", "secret",
                true, "us-east-1", 64L << 20, 16L << 20, 1, Duration.ofMillis(10)));
    }

    private void answer(HttpExchange exchange, Function<Received, Answer> answers) throws IOException {
        exchange.getRequestBody().readAllBytes();
        Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()));
        received.add(r);
        Answer a = answers.apply(r);
        exchange.getResponseHeaders().add("ETag", "\"etag-2\"");
        if (a.errorCode() == null) {
            exchange.sendResponseHeaders(a.status(), -1);
        } else {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + a.errorCode()
                    + "</Code><Message>test</Message></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(a.status(), body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** A store that refuses a second create of its probe, as S3 does: conditional writes are supported. */
    private static Answer s3(Received r, Answer forThePointer) {
        if (r.path().contains(".ebbflow-conditional-write-probe-")) {
            return "*".equals(r.header("If-None-Match")) ? Answer.error(412, "PreconditionFailed")
                    : r.method().equals("DELETE") ? new Answer(204, null) : Answer.ok();
        }
        return forThePointer;
    }

    private List<Received> toThePointer() {
        return received.stream().filter(r -> r.path().equals("/bucket/ha/job-1/leader")).toList();
    }

    @Test
    void aNewPointerIsWrittenWithIfNoneMatchStar() throws Exception {
        serve(r -> s3(r, Answer.ok()));

        assertThat(store.putIfAbsent(POINTER, new byte[] {7})).isTrue();

        assertThat(toThePointer()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.header("If-None-Match")).isEqualTo("*");
            assertThat(r.header("If-Match")).isNull();
        });
    }

    @Test
    void aPreconditionFailedOnCreateIsALostRaceNotAnError() throws Exception {
        serve(r -> s3(r, Answer.error(412, "PreconditionFailed")));

        assertThat(store.putIfAbsent(POINTER, new byte[] {7})).isFalse();
        assertThat(toThePointer()).hasSize(1);
    }

    @Test
    void aConcurrentConditionalWriteThatWonIsALostRace() throws Exception {
        serve(r -> s3(r, Answer.error(409, "ConditionalRequestConflict")));

        assertThat(store.putIfAbsent(POINTER, new byte[] {7})).isFalse();
        assertThat(store.putIfMatch(POINTER, new byte[] {8}, "\"etag-1\"")).isFalse();
    }

    @Test
    void anUpdateCarriesTheEntityTagItReadAndLosesOnPreconditionFailed() throws Exception {
        serve(r -> s3(r, "\"etag-1\"".equals(r.header("If-Match")) ? Answer.ok() : Answer.error(412, "PreconditionFailed")));

        assertThat(store.putIfMatch(POINTER, new byte[] {8}, "\"etag-1\"")).isTrue();
        assertThat(store.putIfMatch(POINTER, new byte[] {9}, "\"etag-0\"")).isFalse();

        assertThat(toThePointer()).extracting(r -> r.method() + " If-Match: " + r.header("If-Match")
                + ", If-None-Match: " + r.header("If-None-Match"))
                .containsExactly("PUT If-Match: \"etag-1\", If-None-Match: null",
                        "PUT If-Match: \"etag-0\", If-None-Match: null");
    }

    @Test
    void anyOtherRefusalIsAnErrorNamingTheObjectNotALostRace() throws Exception {
        serve(r -> s3(r, Answer.error(403, "AccessDenied")));

        assertThatThrownBy(() -> store.putIfAbsent(POINTER, new byte[] {7})).isInstanceOf(IOException.class)
                .hasMessageContaining("s3://bucket/ha/job-1/leader");
        assertThatThrownBy(() -> store.putIfMatch(POINTER, new byte[] {7}, "\"etag-1\"")).isInstanceOf(IOException.class);
    }

    @Test
    void aStoreThatIgnoresTheConditionIsFoundByTheProbeAndGetsCheckThenWrite() throws Exception {
        // As S3Proxy 2.6.0: every PUT succeeds whatever its headers; HEAD finds nothing.
        serve(r -> r.method().equals("HEAD") ? new Answer(404, null)
                : r.method().equals("DELETE") ? new Answer(204, null) : Answer.ok());

        assertThat(store.supportsConditionalWrites("bucket")).isFalse();
        assertThat(store.putIfAbsent(POINTER, new byte[] {7})).isTrue();

        assertThat(toThePointer()).extracting(Received::method).containsExactly("HEAD", "PUT");
        assertThat(toThePointer().get(1).header("If-None-Match")).isNull();
    }
}
