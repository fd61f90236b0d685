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
    private final Duration hedgeAfter;
    private final java.util.function.Predicate<String> hedged;

    public BusClient(Vertx vertx, Duration defaultTimeout, long maxMessageBytes) {
        this(vertx, defaultTimeout, null, a -> false);
        ProtocolCodecs.register(vertx, maxMessageBytes);
    }

    private BusClient(Vertx vertx, Duration defaultTimeout, Duration hedgeAfter, java.util.function.Predicate<String> hedged) {
        this.vertx = vertx;
        this.defaultTimeout = defaultTimeout;
        this.hedgeAfter = hedgeAfter;
        this.hedged = hedged;
    }

    /**
     * This client, sending another copy of a request to an address {@code hedged} accepts every {@code after}
     * while none has been answered; the first answer wins. For read-only queries only (a copy must do no
     * harm): a query sent in the moment a service died goes to its stale registration and would otherwise wait
     * for the whole timeout, while the copy reaches the service that took over.
     */
    public BusClient withHedging(Duration after, java.util.function.Predicate<String> hedged) {
        return new BusClient(vertx, defaultTimeout, after, hedged);
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
        Future<io.vertx.core.eventbus.Message<Object>> sent = hedgeAfter != null && hedged.test(endpoint.address())
                && timeout.compareTo(hedgeAfter) > 0
                ? hedgedRequest(endpoint.address(), request, timeout)
                : vertx.eventBus().request(endpoint.address(), request, options);
        return sent
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

    /**
     * The request, and another copy every {@link #hedgeAfter} while none has been answered (until the timeout);
     * the first answer wins. An address with no handler at all fails at once, as without hedging.
     */
    private Future<io.vertx.core.eventbus.Message<Object>> hedgedRequest(String address, Object request, Duration timeout) {
        io.vertx.core.Promise<io.vertx.core.eventbus.Message<Object>> result = io.vertx.core.Promise.promise();
        long deadline = System.nanoTime() + timeout.toNanos();
        int[] sent = {0};
        int[] failed = {0};
        boolean[] lastSent = {false};
        long[] timer = {-1};
        io.vertx.core.Handler<io.vertx.core.AsyncResult<io.vertx.core.eventbus.Message<Object>>> answer = ar -> {
            if (ar.succeeded()) {
                vertx.cancelTimer(timer[0]);
                result.tryComplete(ar.result());
            } else if (isNoHandlers(ar.cause()) || (++failed[0] == sent[0] && lastSent[0])) {
                vertx.cancelTimer(timer[0]);
                result.tryFail(ar.cause());
            }
        };
        Runnable send = () -> {
            long left = Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            sent[0]++;
            vertx.eventBus().<Object>request(address, request, new DeliveryOptions().setSendTimeout(left))
                    .onComplete(answer);
        };
        send.run();
        timer[0] = vertx.setPeriodic(hedgeAfter.toMillis(), id -> {
            long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (result.future().isComplete() || left < hedgeAfter.toMillis()) {
                vertx.cancelTimer(id);
                lastSent[0] = true;
                if (!result.future().isComplete() && failed[0] == sent[0]) {
                    result.tryFail(new ReplyException(ReplyFailure.TIMEOUT, "no answer from " + address + " within "
                            + timeout.toMillis() + " ms"));
                }
                return;
            }
            send.run();
        });
        return result.future();
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
