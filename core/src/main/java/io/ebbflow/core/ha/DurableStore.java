package io.ebbflow.core.ha;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.HighAvailabilityOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cluster's durable store: small JSON documents and leadership leases in a directory that outlives every
 * process ({@code high-availability.storageDir}/{@code cluster-id}). What must survive the death of every
 * Hazelcast member lives here: lease epochs (high-water marks), job registrations, the newest completed
 * checkpoint per job, archived jobs.
 *
 * <p>Every write is atomic and durable: a temporary file, fsync, rename, fsync of the directory. Changes to a
 * lease and fenced writes run under the scope's lock (an OS file lock, so other processes on the same file
 * system are excluded, plus an in-process lock), which makes "read the epoch, then write" atomic.
 *
 * <p>Names are relative paths of segments that each match {@link #SEGMENT}; a name is resolved and checked to
 * stay under the store's root. All methods block (file I/O): call them off the event loop, for example through
 * {@link AsyncDurableStore}.
 */
public final class DurableStore {

    /** One path segment of a document name (a job id, a scope, a file name): the id rule, so never {@code .} or {@code ..}. */
    public static final Pattern SEGMENT = Pattern.compile(io.ebbflow.core.protocol.Require.ID_RULE);

    private static final String LEASE = "leader.json";
    private static final String LOCK = ".lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;

    public DurableStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The store of the configured cluster: {@code high-availability.storageDir/<cluster id>}. */
    public static DurableStore open(Configuration config) {
        String id = config.get(HighAvailabilityOptions.CLUSTER_ID);
        if (id.isBlank()) {
            id = config.get(ClusterOptions.NAME);
        }
        if (!SEGMENT.matcher(id).matches()) {
            throw new io.ebbflow.core.config.ConfigException("'" + HighAvailabilityOptions.CLUSTER_ID.key() + "' (or '"
                    + ClusterOptions.NAME.key() + "') = '" + id + "' cannot name a directory: expected "
                    + SEGMENT.pattern());
        }
        return new DurableStore(Path.of(config.get(HighAvailabilityOptions.STORAGE_DIR)).resolve(id));
    }

    public Path root() {
        return root;
    }

    // ---- documents

    /** The document {@code name}, if it exists. */
    public <T> Optional<T> read(String name, Class<T> type) throws IOException {
        Path file = resolve(name);
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("durable store document " + file + " cannot be read as " + type.getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the document {@code name} atomically and durably. */
    public void write(String name, Object value) throws IOException {
        writeAtomically(resolve(name), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }

    /** Deletes the document {@code name}; false if there was none. */
    public boolean delete(String name) throws IOException {
        Path file = resolve(name);
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            fsyncDirectory(file.getParent());
        }
        return deleted;
    }

    /** The names of the entries directly under {@code directory} (sorted; none if it does not exist). */
    public List<String> list(String directory) throws IOException {
        Path dir = directory.isEmpty() ? root : resolve(directory);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".")) {
                    out.add(n);
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Deletes {@code directory} and everything in it. */
    public void deleteTree(String directory) throws IOException {
        Path dir = resolve(directory);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        fsyncDirectory(dir.getParent());
    }

    // ---- leases

    /** The outcome of {@link #claim}: the new lease, or the one that still holds. */
    public record Claim(LeaderLease lease, boolean claimed) {
    }

    /**
     * Takes the leadership of {@code scope} with the next epoch (above every epoch used before and above
     * {@code floor}), unless another holder's lease is still held at {@code now} and {@code holderGone} is
     * false. {@code holderGone} is the caller's knowledge that the current holder's process left the cluster.
     */
    public Claim claim(String scope, String nodeId, String holder, long now, Duration lease, long floor,
            java.util.function.Predicate<LeaderLease> holderGone) throws IOException {
        return locked(scope, () -> {
            Optional<LeaderLease> current = read(scope + "/" + LEASE, LeaderLease.class);
            if (current.isPresent() && current.get().heldAt(now) && !nodeId.equals(current.get().nodeId())
                    && !holderGone.test(current.get())) {
                return new Claim(current.get(), false);
            }
            long epoch = Math.max(floor, current.map(LeaderLease::epoch).orElse(0L)) + 1;
            LeaderLease next = new LeaderLease(epoch, nodeId, holder, now, lease.toMillis());
            write(scope + "/" + LEASE, next);
            return new Claim(next, true);
        });
    }

    /**
     * Renews the lease of {@code scope} held with {@code epoch}.
     *
     * @return the current lease if it is no longer this leader's (a newer epoch took over): the caller is fenced
     */
    public Optional<LeaderLease> renew(String scope, long epoch, String nodeId, long now) throws IOException {
        return locked(scope, () -> {
            Optional<LeaderLease> current = read(scope + "/" + LEASE, LeaderLease.class);
            if (current.isEmpty() || current.get().epoch() != epoch || !nodeId.equals(current.get().nodeId())) {
                return Optional.of(current.orElse(new LeaderLease(0, null, null, 0, 0)));
            }
            LeaderLease c = current.get();
            write(scope + "/" + LEASE, new LeaderLease(epoch, nodeId, c.holder(), now, c.durationMs()));
            return Optional.empty();
        });
    }

    /** Gives the lease up (keeping its epoch as the high-water mark), if {@code epoch} still holds it. */
    public boolean release(String scope, long epoch, String nodeId, long now) throws IOException {
        return locked(scope, () -> {
            Optional<LeaderLease> current = read(scope + "/" + LEASE, LeaderLease.class);
            if (current.isEmpty() || current.get().epoch() != epoch || !nodeId.equals(current.get().nodeId())) {
                return false;
            }
            write(scope + "/" + LEASE, new LeaderLease(epoch, null, current.get().holder(), now, 0));
            return true;
        });
    }

    /** The lease of {@code scope}, if anyone ever led it. */
    public Optional<LeaderLease> lease(String scope) throws IOException {
        return read(scope + "/" + LEASE, LeaderLease.class);
    }

    /**
     * Writes the document {@code name} only if {@code epoch} is still the newest epoch of {@code scope}: the
     * fenced write of a leader. A leader that lost its lease to a newer epoch gets false and writes nothing.
     */
    public boolean writeFenced(String scope, long epoch, String name, Object value) throws IOException {
        return locked(scope, () -> {
            Optional<LeaderLease> current = read(scope + "/" + LEASE, LeaderLease.class);
            if (current.isPresent() && current.get().epoch() > epoch) {
                return false;
            }
            write(name, value);
            return true;
        });
    }

    // ---- files

    private interface IoAction<T> {
        T run() throws IOException;
    }

    private <T> T locked(String scope, IoAction<T> action) throws IOException {
        Path dir = resolve(scope);
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(LOCK);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            return action.run();
        } finally {
            local.unlock();
        }
    }

    /** {@code name} as a path under the root; refuses anything that is not a plain relative path of segments. */
    Path resolve(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a durable store name must not be empty");
        }
        for (String segment : name.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid durable store name: segment '"
                        + segment + "' must match " + SEGMENT.pattern());
            }
        }
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("'" + name + "' leaves the durable store");
        }
        return p;
    }

    /** Writes {@code bytes} to {@code target} atomically and durably (temporary file, fsync, rename, fsync dir). */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            out.write(bytes);
            out.flush();
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        fsyncDirectory(dir);
    }

    /** Forces a directory's entries (a new, renamed or deleted file) to disk. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories for fsync; there the rename is all we can do.
            if (!(e instanceof NoSuchFileException) && Files.isDirectory(dir)) {
                return;
            }
            throw e;
        }
    }
}
