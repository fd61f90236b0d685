package io.ebbflow.jm.job;

import io.ebbflow.core.config.NetworkAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;

/**
 * Serves the job jar to TaskExecutors over HTTP: {@code GET /blobs/<jobId>/job.jar}. TaskExecutors check
 * the jar against its SHA-256, which travels with every deployment.
 */
public final class BlobServer {

    private final Vertx vertx;
    private final String jobId;
    private final Path jar;
    private HttpServer server;

    public BlobServer(Vertx vertx, String jobId, Path jar) {
        this.vertx = vertx;
        this.jobId = jobId;
        this.jar = jar;
    }

    /**
     * Listens on the bind address and {@code port} (0 = a free port); completes with the jar's URL at the
     * announced address, which TaskExecutors on other hosts fetch.
     */
    public Future<String> start(NetworkAddresses addresses, int port) {
        String path = "/blobs/" + jobId + "/job.jar";
        return vertx.createHttpServer().requestHandler(req -> {
            if (req.method() == io.vertx.core.http.HttpMethod.GET && req.path().equals(path)) {
                req.response().putHeader("Content-Type", "application/java-archive").sendFile(jar.toString());
            } else {
                req.response().setStatusCode(404).end("no such blob");
            }
        }).listen(port, addresses.bindHost()).map(s -> {
            server = s;
            return "http://" + addresses.advertisedHost() + ":" + s.actualPort() + path;
        });
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
