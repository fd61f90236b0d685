package io.ebbflow.web;

import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.ProtocolError;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the REST gateway answers, and in particular how a failure becomes an HTTP status with Flink's error
 * body {@code {"errors": ["..."]}}: a service that is not running or did not answer in time is 503; a
 * JobMaster's {@link ProtocolError} is 404 ({@code NOT_FOUND}), 400 ({@code MALFORMED}) or 409
 * ({@code CONFLICT}, where the call can conflict); a JobMaster that does not answer is 404, as Flink
 * answers for a job it does not know; a bad request body is 400. The mappings are pure; only
 * {@code send} and the {@code reply*} methods touch the request.
 */
final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    /** An HTTP error status and the message of its body. */
    record HttpError(int status, String message) {

        JsonObject body() {
            return HttpErrors.body(message);
        }
    }

    private HttpErrors() {
    }

    /** Flink's error body. */
    static JsonObject body(String message) {
        return new JsonObject().put("errors", new JsonArray().add(message));
    }

    static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    static HttpError conflict(String message) {
        return new HttpError(409, message);
    }

    /** A call that changes the cluster without the right {@code Authorization: Bearer} header. */
    static HttpError unauthorized() {
        return new HttpError(401, "this call changes the cluster: it needs 'Authorization: Bearer <rest.auth.token>'");
    }

    /** A browser page from another origin tried to open the event-bus bridge. */
    static HttpError forbiddenOrigin(String origin) {
        return new HttpError(403, "origin " + origin + " may not open the event-bus bridge");
    }

    /** {@code source} (a service or shared map) failed to answer: 503 saying whether it runs at all. */
    static HttpError unavailable(String source, Throwable failure) {
        String reason = BusClient.isNoHandlers(failure) ? source + " is not running"
                : BusClient.isUnreachable(failure) ? source + " did not answer in time" : String.valueOf(failure);
        return new HttpError(503, reason);
    }

    /** The job's JobMaster did not answer; the job may have ended, or never existed. */
    static HttpError jobUnreachable(String jobId) {
        return notFound("Job " + jobId + " not found or its JobMaster is not reachable");
    }

    /**
     * A call to {@code jobId}'s JobMaster failed: its refusal as NOT_FOUND (404) or MALFORMED (400) with
     * its reason, anything else as {@link #jobUnreachable}.
     */
    static HttpError ofJobMaster(String jobId, Throwable failure) {
        ProtocolError error = BusClient.errorOf(failure);
        if (error == ProtocolError.NOT_FOUND) {
            return notFound(failure.getMessage());
        }
        if (error == ProtocolError.MALFORMED) {
            return badRequest(failure.getMessage());
        }
        LOG.debug("Job {}: its JobMaster did not answer: {}", jobId, String.valueOf(failure));
        return jobUnreachable(jobId);
    }

    /** As {@link #ofJobMaster}, with CONFLICT (new bounds refused, as in reactive mode) as 409. */
    static HttpError ofRequirementsUpdate(String jobId, Throwable failure) {
        return BusClient.errorOf(failure) == ProtocolError.CONFLICT ? new HttpError(409, failure.getMessage())
                : ofJobMaster(jobId, failure);
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8")
                .end(body.encode());
    }

    /** A JSON array body (Flink's metric queries answer with one). */
    static void send(RoutingContext ctx, int status, io.vertx.core.json.JsonArray body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8")
                .end(body.encode());
    }

    static void send(RoutingContext ctx, HttpError error) {
        send(ctx, error.status(), error.body());
    }

    /**
     * Every route's failure handler: a request a handler refused by throwing (a field out of range in a
     * message it built) is 400 naming the problem; anything else keeps its status (500 if none) in Flink's
     * shape, never Vert.x's plain text.
     */
    static void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof IllegalArgumentException) {
            send(ctx, badRequest(failure.getMessage()));
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.warn("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        }
        send(ctx, new HttpError(status, failure == null ? "request failed with status " + status
                : "internal error: " + failure));
    }

    /** The last route: a path nothing else answered is 404 in Flink's shape. */
    static void pathNotFound(RoutingContext ctx) {
        send(ctx, notFound("Not found: " + ctx.request().path()));
    }

    /** 200 with the body, or {@link #unavailable} naming {@code source}. */
    static void replyOrUnavailable(RoutingContext ctx, Future<JsonObject> body, String source) {
        body.onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, 200, ar.result());
            } else {
                LOG.debug("{} {}: {} failed: {}", ctx.request().method(), ctx.request().path(), source,
                        String.valueOf(ar.cause()));
                send(ctx, unavailable(source, ar.cause()));
            }
        });
    }

    /** {@code status} with the rendered answer of {@code jobId}'s JobMaster, or {@link #ofJobMaster}. */
    static <T> void replyFromJobMaster(RoutingContext ctx, String jobId, AsyncResult<T> ar,
            Function<T, JsonObject> render, int status) {
        if (ar.succeeded()) {
            send(ctx, status, render.apply(ar.result()));
        } else {
            send(ctx, ofJobMaster(jobId, ar.cause()));
        }
    }
}
