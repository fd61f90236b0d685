package io.ebbflow.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.testing.ProtocolSamples;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and hostile messages, from a seeded generator, to every control address of the protocol (each
 * endpoint of {@link Endpoints}, per-instance ones for an instance id): every one gets an error reply (400
 * malformed or 413 oversized), none reaches a handler (so nothing changes), the inbox keeps answering, and every
 * refusal is counted.
 */
class ControlPlaneFuzzTest {

    private static final long MAX_BYTES = 64 * 1024;
    private static final int MESSAGES_PER_ENDPOINT = 40;
    private Vertx vertx;
    private SimpleMeterRegistry registry;
    private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void noHostileMessageReachesAHandlerAndEveryRefusalIsCounted(long seed) throws Exception {
        List<Endpoint<?, ?>> endpoints = allEndpoints();
        assertThat(endpoints).hasSizeGreaterThan(30);
        Inbox inbox = new Inbox(vertx, "fuzzed", MAX_BYTES, registry);
        endpoints.forEach(e -> bind(inbox, e));
        inbox.ready().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Random random = new Random(seed);

        int sent = 0;
        List<String> accepted = new ArrayList<>();
        for (Endpoint<?, ?> e : endpoints) {
            for (int i = 0; i < MESSAGES_PER_ENDPOINT; i++) {
                Object hostile = hostile(random, e.requestType());
                Throwable refused = vertx.eventBus().request(e.address(), hostile)
                        .transform(ar -> Future.succeededFuture(ar.cause()))
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                sent++;
                if (!(refused instanceof ReplyException r) || (r.failureCode() != 400 && r.failureCode() != 413)) {
                    accepted.add(e.address() + " <- " + abbreviate(hostile) + ": " + refused);
                }
            }
        }

        assertThat(accepted).as("hostile messages not refused as malformed or oversized").isEmpty();
        assertThat(handled).as("handlers reached").isEmpty();
        assertThat(registry.find("ebbflow.protocol.rejected.messages").counters().stream()
                .mapToDouble(Counter::count).sum()).isEqualTo(sent);
        // Still serving: a valid query reaches its handler (whose test answer is a 410).
        Throwable answer = vertx.eventBus().request(Endpoints.RM_CLUSTER_OVERVIEW.address(),
                new ResourceManagerMessages.ClusterOverviewRequest()).transform(ar -> Future.succeededFuture(ar.cause()))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(answer).isInstanceOf(ReplyException.class).hasMessage("test handler");
    }

    private <Q extends ProtocolMessage, R extends ProtocolMessage> void bind(Inbox inbox, Endpoint<Q, R> e) {
        inbox.bind(e, q -> {
            if (!(q instanceof ResourceManagerMessages.ClusterOverviewRequest)) {
                handled.computeIfAbsent(e.address(), a -> new AtomicInteger()).incrementAndGet();
            }
            return Future.failedFuture(ProtocolException.notFound("test handler"));
        });
    }

    /** Every endpoint, per-instance ones for the instance {@code x-1}. */
    static List<Endpoint<?, ?>> allEndpoints() throws IllegalAccessException {
        List<Endpoint<?, ?>> out = new ArrayList<>();
        for (Field f : Endpoints.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Object v = f.get(null);
            if (v instanceof Endpoint<?, ?> e) {
                out.add(e);
            } else if (v instanceof Endpoint.PerInstance<?, ?> p) {
                out.add(p.of("x-1"));
            }
        }
        return out;
    }

    /** A body no endpoint accepts: not JSON, not an object, too large, or a real message with every field hostile. */
    static Object hostile(Random random, Class<?> type) {
        int kind = random.nextInt(6);
        switch (kind) {
            case 0 -> {
                byte[] bytes = new byte[1 + random.nextInt(200)];
                random.nextBytes(bytes);
                bytes[0] = (byte) ('{' + 1 + random.nextInt(60)); // never an object's start
                return Buffer.buffer(bytes);
            }
            case 1 -> {
                return List.of("[1,2,3]", "\"text\"", "42", "null", "true", "[]", "{").get(random.nextInt(7));
            }
            case 2 -> {
                return new JsonArray().add(new JsonObject().put("jobId", "job-1"));
            }
            case 3 -> {
                return Buffer.buffer("{\"pad\":\"" + "x".repeat((int) MAX_BYTES + random.nextInt(1000)) + "\"}");
            }
            default -> {
                JsonObject sample = sample(type);
                if (sample == null || sample.isEmpty()) {
                    return "[\"" + type.getSimpleName() + "\"]";
                }
                JsonObject spoiled = new JsonObject();
                for (String field : sample.fieldNames()) {
                    spoiled.put(field, spoil(random, sample.getValue(field)));
                }
                return random.nextBoolean() ? spoiled : spoiled.toBuffer();
            }
        }
    }

    /** A value of another shape than {@code v}: objects become text, everything else an object of arrays. */
    private static Object spoil(Random random, Object v) {
        if (v instanceof JsonObject) {
            return "\u0000" + random.nextInt();
        }
        return new JsonObject().put("$", new JsonArray().add(random.nextInt()).add(new JsonArray().add("../../etc")));
    }

    private static JsonObject sample(Class<?> type) {
        for (ProtocolMessage m : ProtocolSamples.all()) {
            if (m.getClass() == type) {
                return new JsonObject(Buffer.buffer(ProtocolJson.encode(m)));
            }
        }
        return null;
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
