package io.ebbflow.jm.job;

import io.ebbflow.core.config.NetworkAddresses;
import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.security.SecurityRefusals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Serves the job jar over HTTP, {@code GET /blobs/<jobId>/job.jar}, only to TaskExecutors that hold a slot of
 * the job now. The request names its TaskExecutor ({@code X-Ebbflow-TaskExecutor}) and proves it was given the
 * job's secret, which the JobMaster hands only to TaskExecutors whose slots it accepted:
 * {@code Authorization: Bearer <HMAC of the TaskExecutor id under the job's secret>}. Anything else is 401 (no or
 * a wrong proof) or 403 (a TaskExecutor that holds no slot of the job), counted and logged by
 * {@link SecurityRefusals}. TaskExecutors also check the jar against its SHA-256, which travels with every
 * deployment.
 *
 * <p>Requests are handled on the event loop of the verticle that started the server, where {@code holdsSlot}
 * (the slot pool) may be read.
 */
public final class BlobServer {

    private final Vertx vertx;
    private final String jobId;
    private final Path jar;
    private final JobSecret secret;
    private final Predicate<String> holdsSlot;
    private final SecurityRefusals refusals;
    private final java.util.Optional<io.ebbflow.core.security.Tls> tls;
    private HttpServer server;

    /**
     * @param holdsSlot whether a TaskExecutor (by id) holds a slot of the job now
     */
    public BlobServer(Vertx vertx, String jobId, Path jar, JobSecret secret, Predicate<String> holdsSlot,
            SecurityRefusals refusals) {
        this(vertx, jobId, jar, secret, holdsSlot, refusals, java.util.Optional.empty());
    }

    /** @param tls the internal TLS set-up: HTTPS, and only TaskExecutors with a trusted certificate connect */
    public BlobServer(Vertx vertx, String jobId, Path jar, JobSecret secret, Predicate<String> holdsSlot,
            SecurityRefusals refusals, java.util.Optional<io.ebbflow.core.security.Tls> tls) {
        this.tls = tls;
        this.vertx = vertx;
        this.jobId = jobId;
        this.jar = jar;
        this.secret = secret;
        this.holdsSlot = holdsSlot;
        this.refusals = refusals;
    }

    /**
     * Listens on the bind address and {@code port} (0 = a free port); completes with the jar's URL at the
     * announced address, which TaskExecutors on other hosts fetch.
     */
    public Future<String> start(NetworkAddresses addresses, int port) {
        String path = "/blobs/" + jobId + "/job.jar";
        io.vertx.core.http.HttpServerOptions options = new io.vertx.core.http.HttpServerOptions();
        tls.ifPresent(t -> t.server(options));
        return vertx.createHttpServer(options).exceptionHandler(e -> {
            if (io.ebbflow.core.security.Tls.isHandshakeFailure(e)) {
                refusals.refused("tls", "blob", "a blob client", "a connection without a trusted certificate: " + e);
            }
        }).requestHandler(req -> {
            if (req.method() != HttpMethod.GET || !req.path().equals(path)) {
                refuse(req, 404, "no such blob");
                return;
            }
            int refusal = check(req);
            if (refusal != 0) {
                refuse(req, refusal, refusal == 401 ? "a TaskExecutor's proof is needed"
                        : "this TaskExecutor holds no slot of job " + jobId);
                return;
            }
            req.response().putHeader("Content-Type", "application/java-archive").sendFile(jar.toString());
        }).listen(port, addresses.bindHost()).map(s -> {
            server = s;
            return (tls.isPresent() ? "https://" : "http://") + addresses.advertisedHost() + ":" + s.actualPort() + path;
        });
    }

    /**
     * Answers a refused request and closes its connection: a refused client keeps no connection open here, and
     * the next request of a well-behaved one starts on a new connection (a client that reused the kept-alive
     * connection of a refusal sometimes never got its next answer: BlobServerTest hung in 2 of 8 runs).
     */
    private static void refuse(HttpServerRequest req, int status, String why) {
        req.response().setStatusCode(status).putHeader("Connection", "close").end(why);
    }

    /** 0 if the request may have the jar, else the HTTP status refusing it (after counting the refusal). */
    private int check(HttpServerRequest req) {
        String source = req.remoteAddress() == null ? "?" : req.remoteAddress().hostAddress();
        String taskExecutor = req.getHeader(JobSecret.TASK_EXECUTOR_HEADER);
        String authorization = req.getHeader("Authorization");
        String proof = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        if (taskExecutor == null || !secret.verify(JobSecret.BLOB, taskExecutor, proof)) {
            refusals.refused("blob", "proof", source, "a fetch of the jar of job " + jobId + " without a valid proof"
                    + (taskExecutor == null ? "" : " for TaskExecutor " + SecurityRefusals.abbreviate(taskExecutor)));
            return 401;
        }
        if (!holdsSlot.test(taskExecutor)) {
            refusals.refused("blob", "no-slot", source, "a fetch of the jar of job " + jobId + " by TaskExecutor "
                    + SecurityRefusals.abbreviate(taskExecutor) + ", which holds no slot of the job");
            return 403;
        }
        return 0;
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
