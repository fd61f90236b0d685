package io.ebbflow.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class InboxTest {

    private static final Endpoint<RequestSlot, Ack> ENDPOINT = Endpoints.TE_REQUEST_SLOT.of("te-1");
    private final List<RequestSlot> handled = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Inbox inbox;
    private BusClient client;

    @BeforeEach
    void bind(Vertx vertx) throws Exception {
        inbox = new Inbox(vertx, "test", 4096, registry);
        client = new BusClient(vertx, Duration.ofSeconds(5), 4096);
        inbox.bind(ENDPOINT, req -> {
            if (req.rmEpoch() < 5) {
                return Future.failedFuture(ProtocolException.stale("rmEpoch " + req.rmEpoch() + " is older than 5"));
            }
            if (req.slotIndex() == 99) {
                throw new IllegalStateException("boom");
            }
            handled.add(req);
            return Future.succeededFuture(Ack.INSTANCE);
        });
        inbox.ready().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void unbind() throws Exception {
        inbox.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aValidTypedRequestReachesTheHandler(VertxTestContext ctx) {
        client.request(ENDPOINT, new RequestSlot(5, 0, "job", 1, "alloc"))
                .onComplete(ctx.succeeding(ack -> ctx.verify(() -> {
                    assertThat(handled).hasSize(1);
                    ctx.completeNow();
                })));
    }

    @Test
    void aValidJsonRequestFromAForeignClientIsAccepted(Vertx vertx, VertxTestContext ctx) {
        JsonObject json = new JsonObject().put("rmEpoch", 6).put("slotIndex", 1).put("jobId", "job")
                .put("jobMasterEpoch", 1).put("allocationId", "a");
        vertx.eventBus().request(ENDPOINT.address(), json).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(handled).extracting(RequestSlot::rmEpoch).containsExactly(6L);
            ctx.completeNow();
        })));
    }

    @Test
    void garbageGetsAnErrorReplyThatNamesTheProblemAndChangesNothing(Vertx vertx, VertxTestContext ctx) {
        Future<String> notJson = failureOf(vertx.eventBus().request(ENDPOINT.address(), "not json at all"));
        Future<String> number = failureOf(vertx.eventBus().request(ENDPOINT.address(), 42));
        Future<String> wrongType = failureOf(vertx.eventBus().request(ENDPOINT.address(), Ack.INSTANCE));
        Future<String> missingField = failureOf(vertx.eventBus().request(ENDPOINT.address(),
                new JsonObject().put("rmEpoch", 6)));
        Future<String> oversized = failureOf(vertx.eventBus().request(ENDPOINT.address(), "x".repeat(5000)));
        Future.join(notJson, number, wrongType, missingField, oversized).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertThat(notJson.result()).startsWith("400:").contains("not valid JSON");
            assertThat(number.result()).startsWith("400:").contains("expected RequestSlot, got Integer");
            assertThat(wrongType.result()).startsWith("400:").contains("expected RequestSlot");
            assertThat(missingField.result()).startsWith("400:").contains("is missing");
            assertThat(oversized.result()).startsWith("413:").contains("rpc.max-message-size");
            assertThat(handled).isEmpty();
            assertThat(registry.find("ebbflow.protocol.rejected.messages").counters()).isNotEmpty();
            ctx.completeNow();
        })));
    }

    @Test
    void aHandlerRefusalReachesTheCallerAsAProtocolException(VertxTestContext ctx) {
        client.request(ENDPOINT, new RequestSlot(1, 0, "job", 1, "alloc"))
                .onComplete(ctx.failing(e -> ctx.verify(() -> {
                    assertThat(e).isInstanceOfSatisfying(ProtocolException.class, pe -> {
                        assertThat(pe.error()).isEqualTo(ProtocolError.STALE);
                        assertThat(pe.getMessage()).contains("older than 5");
                    });
                    ctx.completeNow();
                })));
    }

    @Test
    void aHandlerBugBecomesAnInternalErrorReplyAndTheInboxKeepsWorking(VertxTestContext ctx) {
        client.request(ENDPOINT, new RequestSlot(5, 99, "job", 1, "alloc"))
                .recover(e -> {
                    ctx.verify(() -> assertThat(BusClient.errorOf(e)).isEqualTo(ProtocolError.INTERNAL));
                    return client.request(ENDPOINT, new RequestSlot(5, 1, "job", 1, "alloc"));
                })
                .onComplete(ctx.succeeding(ack -> ctx.verify(() -> {
                    assertThat(handled).hasSize(1);
                    ctx.completeNow();
                })));
    }

    private static Future<String> failureOf(Future<?> f) {
        return f.transform(ar -> {
            if (ar.succeeded()) {
                return Future.succeededFuture("unexpected success");
            }
            ReplyException re = (ReplyException) ar.cause();
            return Future.succeededFuture(re.failureCode() + ":" + re.getMessage());
        });
    }
}
