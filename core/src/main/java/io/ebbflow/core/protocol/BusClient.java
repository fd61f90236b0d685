package io.ebbflow.core.protocol;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;

/**
 * The sending side of the protocol: typed requests with an explicit timeout. A refusal by the receiver
 * fails the future with a {@link ProtocolException} carrying the receiver's error; no receiver or no
 * answer in time fails it with a {@link ReplyException} ({@link #isUnreachable(Throwable)}).
 */
public final class BusClient {

    private final Vertx vertx;
    private final Duration defaultTimeout;

    public BusClient(Vertx vertx, Duration defaultTimeout, long maxMessageBytes) {
        this.vertx = vertx;
        this.defaultTimeout = defaultTimeout;
        ProtocolCodecs.register(vertx, maxMessageBytes);
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** Sends {@code request} to the endpoint and waits at most the default timeout for the reply. */
    public <Q extends ProtocolMessage, R extends ProtocolMessage> Future<R> request(Endpoint<Q, R> endpoint, Q request) {
        return request(endpoint, request, defaultTimeout);
    }

    /** Sends {@code request} to the endpoint and waits at most {@code timeout} for the reply. */
    public <Q extends ProtocolMessage, R extends ProtocolMessage> Future<R> request(Endpoint<Q, R> endpoint, Q request,
            Duration timeout) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(Math.max(1, timeout.toMillis()));
        return vertx.eventBus().request(endpoint.address(), request, options)
                .recover(BusClient::translate)
                .map(reply -> {
                    Object body = reply.body();
                    if (endpoint.replyType().isInstance(body)) {
                        return endpoint.replyType().cast(body);
                    }
                    if (body instanceof MalformedMessage m) {
                        throw new ProtocolException(m.error(), "reply from " + endpoint.address() + ": " + m.reason());
                    }
                    throw ProtocolException.malformed("reply from " + endpoint.address() + " is "
                            + (body == null ? "empty" : body.getClass().getSimpleName()) + ", expected "
                            + endpoint.replyType().getSimpleName());
                });
    }

    /** Publishes to every subscriber of the address; no reply. */
    public void publish(String address, ProtocolMessage message) {
        vertx.eventBus().publish(address, message);
    }

    private static <T> Future<T> translate(Throwable t) {
        if (t instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            return Future.failedFuture(new ProtocolException(ProtocolError.ofCode(re.failureCode()), re.getMessage()));
        }
        return Future.failedFuture(t);
    }

    /** True if nobody received the request or nobody answered in time (the peer may be gone). */
    public static boolean isUnreachable(Throwable t) {
        return t instanceof ReplyException re
                && (re.failureType() == ReplyFailure.NO_HANDLERS || re.failureType() == ReplyFailure.TIMEOUT);
    }

    /** True if nobody is registered at the address (the peer is not there, or not yet). */
    public static boolean isNoHandlers(Throwable t) {
        return t instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
    }

    /** The receiver's refusal, if that is what {@code t} is. */
    public static ProtocolError errorOf(Throwable t) {
        return t instanceof ProtocolException pe ? pe.error() : null;
    }
}
