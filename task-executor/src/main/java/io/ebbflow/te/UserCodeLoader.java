package io.ebbflow.te;

import io.ebbflow.core.util.PathGuard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
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
 * <p>Everything happens in {@code <directory>/<jobId>/job-<sha256>.jar}: the job id and the SHA-256 come
 * from messages, so both are checked ({@link PathGuard}) before any path is built from them, and a job id
 * that is not a plain id never creates or deletes anything.
 */
final class UserCodeLoader {

    private static final Logger LOG = LoggerFactory.getLogger(UserCodeLoader.class);

    private final Vertx vertx;
    private final Path directory;
    private final Map<String, Future<URLClassLoader>> loaders = new ConcurrentHashMap<>();

    UserCodeLoader(Vertx vertx, Path directory) {
        this.vertx = vertx;
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The job's class loader, fetching its jar on first use (off the event loop). */
    Future<URLClassLoader> classLoader(String jobId, String url, String sha256) {
        Path jar;
        try {
            jar = jarPath(jobId, sha256);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return loaders.computeIfAbsent(jobId + "@" + sha256, k -> vertx.executeBlocking(() -> load(jobId, url, sha256, jar),
                false));
    }

    /** {@code <directory>/<jobId>/job-<sha256>.jar}, refusing ids and hashes that are not plain names. */
    private Path jarPath(String jobId, String sha256) {
        Path jobDir = PathGuard.childForId(directory, jobId, "job id");
        return PathGuard.childForName(jobDir, "job-" + PathGuard.sha256(sha256, "the job jar's SHA-256") + ".jar",
                "job jar");
    }

    private URLClassLoader load(String jobId, String url, String sha256, Path jar) throws Exception {
        Path jobDir = jar.getParent();
        Files.createDirectories(jobDir);
        if (!Files.exists(jar)) {
            Path tmp = Files.createTempFile(jobDir, "download", ".part");
            HttpResponse<InputStream> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new IOException("fetching the job jar from " + url + " failed with HTTP " + r.statusCode());
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(r.body(), digest)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                Files.deleteIfExists(tmp);
                throw new IOException("the job jar from " + url + " has SHA-256 " + actual + ", expected " + sha256);
            }
            Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Fetched the jar of job {} ({} bytes)", jobId, Files.size(jar));
        }
        return new URLClassLoader("job-" + jobId, new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
    }

    /**
     * The HTTP client, created on the first download: a client initialises TLS (a few hundred classes and
     * the CA certificates), which a TaskExecutor's start-up need not wait for.
     */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
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
