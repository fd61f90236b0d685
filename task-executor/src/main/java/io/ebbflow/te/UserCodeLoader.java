package io.ebbflow.te;

import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.util.PathGuard;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user code of the jobs running here: each job's jar is fetched once from its JobMaster's blob
 * endpoint, checked against its SHA-256, kept in a directory of this TaskExecutor, and loaded by a class
 * loader of its own (parent first: Ebbflow's API comes from the TaskExecutor). When the job leaves, the
 * class loader is closed and the jar deleted.
 *
 * <p>The jar is fetched as soon as the JobMaster has accepted slots here ({@link #prefetch}, its reply says
 * where the jar is), so the download overlaps the job's planning instead of delaying the deployment; the
 * deployment then finds it fetched or in flight. The download streams to a file with Vert.x's HTTP client
 * (no TLS set-up for a plain-HTTP blob endpoint, nothing blocking on the event loop); a failed fetch is
 * forgotten, so the next deployment tries again.
 *
 * <p>The blob server gives the jar only to TaskExecutors holding a slot of the job: a fetch names this TaskExecutor
 * and carries its proof under the job's secret ({@link JobSecret#BLOB}), which came with the accepted slots or the
 * deployment.
 *
 * <p>Everything happens in {@code <directory>/<jobId>/job-<sha256>.jar}: the job id and the SHA-256 come
 * from messages, so both are checked ({@link PathGuard}) before any path is built from them, and a job id
 * that is not a plain id never creates or deletes anything.
 */
final class UserCodeLoader {

    private static final Logger LOG = LoggerFactory.getLogger(UserCodeLoader.class);

    private final Vertx vertx;
    private final String taskExecutorId;
    private final java.util.Optional<io.ebbflow.core.security.Tls> tls;
    private final Path directory;
    private final Map<String, Future<URLClassLoader>> loaders = new ConcurrentHashMap<>();
    private HttpClient http;

    UserCodeLoader(Vertx vertx, String taskExecutorId, Path directory) {
        this(vertx, taskExecutorId, java.util.Optional.empty(), directory);
    }

    /** @param tls the internal TLS set-up: the blob server then speaks HTTPS and wants this TaskExecutor's certificate */
    UserCodeLoader(Vertx vertx, String taskExecutorId, java.util.Optional<io.ebbflow.core.security.Tls> tls, Path directory) {
        this.vertx = vertx;
        this.tls = tls;
        this.taskExecutorId = taskExecutorId;
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The job's class loader, fetching its jar on first use. */
    Future<URLClassLoader> classLoader(String jobId, String url, String sha256, JobSecret secret) {
        Path jar;
        try {
            jar = jarPath(jobId, sha256);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String key = jobId + "@" + sha256;
        Future<URLClassLoader> loader = loaders.computeIfAbsent(key, k -> load(jobId, url, sha256, secret, jar));
        loader.onFailure(e -> loaders.remove(key, loader));
        return loader;
    }

    /** A JobMaster accepted slots here: fetch the job's jar now, so the deployment need not wait for it. */
    void prefetch(String jobId, SlotsAccepted reply) {
        if (reply.jobJarUrl() != null && !reply.acceptedAllocationIds().isEmpty()) {
            classLoader(jobId, reply.jobJarUrl(), reply.jobJarSha256(), JobSecret.decode(reply.jobSecret())).onFailure(e -> LOG.info(
                    "Fetching the jar of job {} ahead of its deployment failed ({}); the deployment fetches it", jobId,
                    e.toString()));
        }
    }

    /** {@code <directory>/<jobId>/job-<sha256>.jar}, refusing ids and hashes that are not plain names. */
    private Path jarPath(String jobId, String sha256) {
        Path jobDir = PathGuard.childForId(directory, jobId, "job id");
        return PathGuard.childForName(jobDir, "job-" + PathGuard.sha256(sha256, "the job jar's SHA-256") + ".jar",
                "job jar");
    }

    private Future<URLClassLoader> load(String jobId, String url, String sha256, JobSecret secret, Path jar) {
        if (Files.exists(jar)) {
            return vertx.executeBlocking(() -> classLoaderOf(jobId, jar), false);
        }
        Path jobDir = jar.getParent();
        return vertx.fileSystem().mkdirs(jobDir.toString())
                .compose(v -> vertx.fileSystem().createTempFile(jobDir.toString(), "download", ".part", (String) null))
                .compose(tmp -> download(url, secret, Path.of(tmp))
                        .compose(actual -> {
                            if (!actual.equals(sha256)) {
                                return vertx.fileSystem().delete(tmp).transform(x -> Future.failedFuture(new IOException(
                                        "the job jar from " + url + " has SHA-256 " + actual + ", expected " + sha256)));
                            }
                            return vertx.fileSystem().move(tmp, jar.toString(),
                                    new io.vertx.core.file.CopyOptions().setReplaceExisting(true).setAtomicMove(true));
                        }))
                .compose(v -> vertx.executeBlocking(() -> {
                    LOG.info("Fetched the jar of job {} ({} bytes from {})", jobId, Files.size(jar), url);
                    return classLoaderOf(jobId, jar);
                }, false));
    }

    /** Streams {@code url} into {@code file}; the SHA-256 (hex) of what was written. */
    private Future<String> download(String url, JobSecret secret, Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            return Future.failedFuture(e);
        }
        return client().request(new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.GET)
                        .putHeader(JobSecret.TASK_EXECUTOR_HEADER, taskExecutorId)
                        .putHeader("Authorization", "Bearer " + secret.proof(JobSecret.BLOB, taskExecutorId))
                        .setTimeout(60_000))
                .compose(HttpClientRequest::send)
                .compose(response -> {
                    response.pause(); // until the file is open: nothing received may be lost
                    if (response.statusCode() != 200) {
                        response.resume();
                        return Future.failedFuture(new IOException("fetching the job jar from " + url + " failed with HTTP "
                                + response.statusCode()));
                    }
                    return vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                            .compose(out -> {
                                Promise<Void> written = Promise.promise();
                                response.exceptionHandler(written::tryFail);
                                response.handler(chunk -> {
                                    digest.update(chunk.getBytes());
                                    out.write(chunk);
                                    if (out.writeQueueFull()) {
                                        response.pause();
                                        out.drainHandler(d -> response.resume());
                                    }
                                });
                                response.endHandler(end -> written.tryComplete());
                                response.resume();
                                return written.future().eventually(() -> out.close());
                            });
                })
                .map(v -> HexFormat.of().formatHex(digest.digest()));
    }

    private synchronized HttpClient client() {
        if (http == null) {
            HttpClientOptions options = new HttpClientOptions().setConnectTimeout(10_000);
            tls.ifPresent(t -> t.client(options));
            http = vertx.createHttpClient(options);
        }
        return http;
    }

    private URLClassLoader classLoaderOf(String jobId, Path jar) throws IOException {
        return new URLClassLoader("job-" + jobId, new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
    }

    /** Closes the job's class loader and deletes its jar. */
    void release(String jobId) {
        loaders.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(jobId + "@")) {
                return false;
            }
            e.getValue().onSuccess(cl -> {
                try {
                    cl.close();
                } catch (IOException ex) {
                    LOG.debug("Closing the class loader of job {}: {}", jobId, ex.toString());
                }
            });
            return true;
        });
        Path jobDir;
        try {
            jobDir = PathGuard.childForId(directory, jobId, "job id");
        } catch (IllegalArgumentException e) {
            LOG.warn("Not deleting any user code for job id {}: {}", jobId, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> {
            deleteRecursively(jobDir);
            return null;
        }, false).onFailure(e -> LOG.warn("Could not delete the user code of job {} from {}: {}", jobId, directory,
                e.toString()));
    }

    void releaseAll() {
        loaders.keySet().stream().map(k -> k.substring(0, k.indexOf('@'))).distinct().toList().forEach(this::release);
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
