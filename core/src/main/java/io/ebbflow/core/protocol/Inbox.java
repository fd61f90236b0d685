package io.ebbflow.core.protocol;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of the protocol for one service: binds typed handlers to endpoints and makes
 * every handler safe against bad input. A body that is not a valid message of the endpoint's type
 * (wrong type, malformed or oversized JSON, a record that fails its own checks) is refused with an
 * error reply naming the problem, logged once, and never reaches the handler. A handler refuses a
 * valid but unacceptable message (stale epoch, unknown sender) by failing its future with a
 * {@link ProtocolException}. Besides our own codec, bodies sent as JSON (a {@link JsonObject}, a JSON
 * string or buffer) are accepted, so non-JVM clients can speak the protocol.
 *
 * <p>Handlers run on the event-loop thread of the verticle that created the inbox; they must not block.
 */
public final class Inbox {

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final Vertx vertx;
    private final long maxMessageBytes;
    private final RejectionLog rejections;
    private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

    /**
     * @param service the service name used in logs and metrics
     * @param maxMessageBytes larger JSON bodies are refused as {@link ProtocolError#OVERSIZED}
     * @param registry where refusals are counted (may be null)
     */
    public Inbox(Vertx vertx, String service, long maxMessageBytes, MeterRegistry registry) {
        this.vertx = vertx;
        this.maxMessageBytes = maxMessageBytes;
        this.rejections = new RejectionLog(service, registry);
        ProtocolCodecs.register(vertx, maxMessageBytes);
    }

    /** Binds an asynchronous handler; its future's result is the reply. */
    public <Q extends ProtocolMessage, R extends ProtocolMessage> void bind(Endpoint<Q, R> endpoint,
            Function<Q, Future<R>> handler) {
        MessageConsumer<Object> consumer = vertx.eventBus().consumer(endpoint.address());
        consumer.handler(msg -> receive(endpoint, msg, handler));
        consumers.add(consumer);
    }

    /** Binds a handler that answers at once. */
    public <Q extends ProtocolMessage, R extends ProtocolMessage> void bindSync(Endpoint<Q, R> endpoint,
            Function<Q, R> handler) {
        bind(endpoint, q -> Future.succeededFuture(handler.apply(q)));
    }

    /** Subscribes to a published message type; invalid bodies are logged once and dropped. */
    public <T extends ProtocolMessage> void subscribe(String address, Class<T> type, Consumer<T> handler) {
        MessageConsumer<Object> consumer = vertx.eventBus().consumer(address);
        consumer.handler(msg -> {
            try {
                handler.accept(decode(type, msg.body()));
            } catch (ProtocolException e) {
                rejections.rejected(endpointName(address), address, e.error(), e.getMessage());
            }
        });
        consumers.add(consumer);
    }

    /** Completes when every consumer bound so far is registered cluster-wide. */
    public Future<Void> ready() {
        List<Future<Void>> all = new ArrayList<>();
        consumers.forEach(c -> all.add(c.completion()));
        return Future.all(all).mapEmpty();
    }

    /** Unregisters every consumer. */
    public Future<Void> close() {
        List<Future<Void>> all = new ArrayList<>();
        consumers.forEach(c -> all.add(c.unregister()));
        consumers.clear();
        return Future.join(all).mapEmpty();
    }

    private <Q extends ProtocolMessage, R extends ProtocolMessage> void receive(Endpoint<Q, R> endpoint,
            Message<Object> msg, Function<Q, Future<R>> handler) {
        Future<R> result;
        try {
            Q request = decode(endpoint.requestType(), msg.body());
            result = handler.apply(request);
            if (result == null) {
                throw new IllegalStateException("handler returned no future");
            }
        } catch (ProtocolException e) {
            refuse(endpoint, msg, e);
            return;
        } catch (RuntimeException e) {
            LOG.error("Handler of {} failed", endpoint.address(), e);
            refuse(endpoint, msg, new ProtocolException(ProtocolError.INTERNAL, "internal error: " + e));
            return;
        }
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                if (msg.replyAddress() != null) {
                    msg.reply(ar.result());
                }
            } else if (ar.cause() instanceof ProtocolException pe) {
                refuse(endpoint, msg, pe);
            } else {
                LOG.error("Handler of {} failed", endpoint.address(), ar.cause());
                refuse(endpoint, msg, new ProtocolException(ProtocolError.INTERNAL, "internal error: " + ar.cause()));
            }
        });
    }

    private void refuse(Endpoint<?, ?> endpoint, Message<Object> msg, ProtocolException e) {
        rejections.rejected(endpointName(endpoint.address()), endpoint.address(), e.error(), e.getMessage());
        if (msg.replyAddress() != null) {
            msg.fail(e.error().code(), e.getMessage());
        }
    }

    /** Per-instance addresses collapse to their suffix, so metric labels stay few. */
    private static String endpointName(String address) {
        if (address.startsWith(Addresses.PREFIX + "te.")) {
            return "te." + address.substring(address.lastIndexOf('.') + 1);
        }
        if (address.startsWith(Addresses.PREFIX + "jm.")) {
            return "jm." + address.substring(address.lastIndexOf('.') + 1);
        }
        return address.startsWith(Addresses.PREFIX) ? address.substring(Addresses.PREFIX.length()) : address;
    }

    private <T> T decode(Class<T> type, Object body) {
        if (type.isInstance(body)) {
            return type.cast(body);
        }
        if (body instanceof MalformedMessage m) {
            throw new ProtocolException(m.error(), m.reason());
        }
        if (body == null) {
            throw ProtocolException.malformed("expected " + type.getSimpleName() + ", got an empty body");
        }
        byte[] json;
        if (body instanceof JsonObject o) {
            json = o.toBuffer().getBytes();
        } else if (body instanceof Buffer b) {
            checkSize(type, b.length());
            json = b.getBytes();
        } else if (body instanceof String s) {
            checkSize(type, s.length());
            json = s.getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof byte[] bytes) {
            json = bytes;
        } else if (body instanceof JsonArray) {
            throw ProtocolException.malformed("expected " + type.getSimpleName() + " as a JSON object, got a JSON array");
        } else {
            throw ProtocolException.malformed("expected " + type.getSimpleName() + ", got "
                    + body.getClass().getSimpleName());
        }
        checkSize(type, json.length);
        return ProtocolJson.decode(json, type);
    }

    private void checkSize(Class<?> type, long length) {
        if (length > maxMessageBytes) {
            throw new ProtocolException(ProtocolError.OVERSIZED, type.getSimpleName() + " of " + length
                    + " bytes exceeds rpc.max-message-size (" + maxMessageBytes + " bytes)");
        }
    }
}
