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
 * The cluster's durable store: small JSON documents and leadership leases in a directory, or in S3-compatible
 * storage, that outlives every process ({@code high-availability.storageDir}/{@code cluster-id}). What must
 * survive the death of every Hazelcast member lives here: lease epochs (high-water marks), job registrations, the
 * newest completed checkpoint per job, archived jobs.
 *
 * <p>Every write is atomic and durable. In a directory ({@link FileDocuments}): a temporary file, fsync, rename,
 * fsync of the directory, and changes to a lease and fenced writes run under the scope's lock, which makes "read
 * the epoch, then write" atomic. In S3 ({@link ObjectDocuments}): a PUT is atomic, and the same changes are
 * compare-and-set writes on entity tags.
 *
 * <p>Names are relative paths of segments that each match {@link #SEGMENT}; a name is resolved and checked to
 * stay under the store's root. All methods block (file or network I/O): call them off the event loop, for example through
 * {@link AsyncDurableStore}.
 */
public final class DurableStore {

    /** One path segment of a document name (a job id, a scope, a file name): the id rule, so never {@code .} or {@code ..}. */
    public static final Pattern SEGMENT = Pattern.compile(io.ebbflow.core.protocol.Require.ID_RULE);

    private static final String LEASE = "leader.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Documents documents;

    public DurableStore(Path root) {
        this.documents = new FileDocuments(root.toAbsolutePath().normalize());
    }

    /** A store in S3-compatible storage below {@code root}. */
    public DurableStore(io.ebbflow.core.storage.ObjectStore objects, io.ebbflow.core.storage.ObjectLocation root) {
        this.documents = new ObjectDocuments(objects, root);
    }

    /**
     * The store of the configured cluster: {@code high-availability.storageDir/<cluster id>}, a local directory or,
     * for {@code s3://bucket/prefix}, S3-compatible storage.
     */
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
        String dir = config.get(HighAvailabilityOptions.STORAGE_DIR);
        if (io.ebbflow.core.storage.ObjectLocation.isObjectStorage(dir)) {
            io.ebbflow.core.storage.ObjectLocation root;
            try {
                root = io.ebbflow.core.storage.ObjectLocation.parse(dir).resolve(id);
            } catch (IllegalArgumentException e) {
                throw new io.ebbflow.core.config.ConfigException("'" + HighAvailabilityOptions.STORAGE_DIR.key() + "': "
                        + e.getMessage());
            }
            return new DurableStore(io.ebbflow.core.storage.ObjectStores.forConfig(config), root);
        }
        return new DurableStore(Path.of(dir).resolve(id));
    }

    /** The store's root directory; only for a store on the file system. */
    public Path root() {
        if (documents instanceof FileDocuments f) {
            return f.root();
        }
        throw new UnsupportedOperationException("the durable store at " + location() + " is not on the file system");
    }

    /** Where the store is, for messages: its directory or {@code s3://bucket/prefix}. */
    public String location() {
        return documents.describe("");
    }

    /** Where the document {@code name} is, for messages. */
    public String location(String name) {
        checkName(name);
        return documents.describe(name);
    }

    // ---- documents

    /** The document {@code name}, if it exists. */
    public <T> Optional<T> read(String name, Class<T> type) throws IOException {
        checkName(name);
        Optional<byte[]> bytes = documents.read(name);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(parse(name, bytes.get(), type));
    }

    private <T> T parse(String name, byte[] bytes, Class<T> type) throws IOException {
        try {
            return JSON.readValue(bytes, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("durable store document " + documents.describe(name) + " cannot be read as "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the document {@code name} atomically and durably. */
    public void write(String name, Object value) throws IOException {
        checkName(name);
        documents.write(name, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }

    /** Deletes the document {@code name}; false if there was none. */
    public boolean delete(String name) throws IOException {
        checkName(name);
        return documents.delete(name);
    }

    /** The names of the entries directly under {@code directory} (sorted; none if it does not exist). */
    public List<String> list(String directory) throws IOException {
        if (!directory.isEmpty()) {
            checkName(directory);
        }
        List<String> out = new ArrayList<>();
        for (String n : documents.list(directory)) {
            if (!n.startsWith(".")) {
                out.add(n);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** When the document {@code name} was last written (epoch millis); empty if it does not exist. */
    public Optional<Long> lastModified(String name) throws IOException {
        checkName(name);
        return documents.lastModified(name);
    }

    /** Deletes {@code directory} and everything in it. */
    public void deleteTree(String directory) throws IOException {
        checkName(directory);
        documents.deleteTree(directory);
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
        Claim claim = documents.update(scope, leaseName(scope), bytes -> {
            Optional<LeaderLease> current = lease(scope, bytes);
            if (current.isPresent() && current.get().heldAt(now) && !nodeId.equals(current.get().nodeId())
                    && !holderGone.test(current.get())) {
                return new Documents.Change<>(null, new Claim(current.get(), false));
            }
            long epoch = Math.max(floor, current.map(LeaderLease::epoch).orElse(0L)) + 1;
            LeaderLease next = new LeaderLease(epoch, nodeId, holder, now, lease.toMillis());
            return new Documents.Change<>(json(next), new Claim(next, true));
        });
        if (claim.claimed()) {
            documents.seal(scope, leaseName(scope), claim.lease().epoch());
        }
        return claim;
    }

    /**
     * Renews the lease of {@code scope} held with {@code epoch}.
     *
     * @return the current lease if it is no longer this leader's (a newer epoch took over): the caller is fenced
     */
    public Optional<LeaderLease> renew(String scope, long epoch, String nodeId, long now) throws IOException {
        return documents.update(scope, leaseName(scope), bytes -> {
            Optional<LeaderLease> current = lease(scope, bytes);
            if (current.isEmpty() || current.get().epoch() != epoch || !nodeId.equals(current.get().nodeId())) {
                return new Documents.Change<>(null, Optional.of(current.orElse(new LeaderLease(0, null, null, 0, 0))));
            }
            LeaderLease c = current.get();
            return new Documents.Change<>(json(new LeaderLease(epoch, nodeId, c.holder(), now, c.durationMs())),
                    Optional.<LeaderLease>empty());
        });
    }

    /** Gives the lease up (keeping its epoch as the high-water mark), if {@code epoch} still holds it. */
    public boolean release(String scope, long epoch, String nodeId, long now) throws IOException {
        return documents.update(scope, leaseName(scope), bytes -> {
            Optional<LeaderLease> current = lease(scope, bytes);
            if (current.isEmpty() || current.get().epoch() != epoch || !nodeId.equals(current.get().nodeId())) {
                return new Documents.Change<>(null, false);
            }
            return new Documents.Change<>(json(new LeaderLease(epoch, null, current.get().holder(), now, 0)), true);
        });
    }

    /** The lease of {@code scope}, if anyone ever led it. */
    public Optional<LeaderLease> lease(String scope) throws IOException {
        return read(leaseName(scope), LeaderLease.class);
    }

    /**
     * Writes the document {@code name} only if {@code epoch} is still the newest epoch of {@code scope}: the
     * fenced write of a leader. A leader that lost its lease to a newer epoch gets false and writes nothing.
     */
    public boolean writeFenced(String scope, long epoch, String name, Object value) throws IOException {
        checkName(name);
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        return documents.writeFenced(scope, leaseName(scope), epoch, name, bytes,
                leaseBytes -> lease(scope, Optional.of(leaseBytes)).map(LeaderLease::epoch).orElse(0L));
    }

    private String leaseName(String scope) {
        String name = scope + "/" + LEASE;
        checkName(name);
        return name;
    }

    private Optional<LeaderLease> lease(String scope, Optional<byte[]> bytes) throws IOException {
        return bytes.isEmpty() ? Optional.empty() : Optional.of(parse(scope + "/" + LEASE, bytes.get(), LeaderLease.class));
    }

    private static byte[] json(Object value) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    }

    /** Refuses anything that is not a plain relative name of segments. */
    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a durable store name must not be empty");
        }
        for (String segment : name.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid durable store name: segment '"
                        + segment + "' must match " + SEGMENT.pattern());
            }
        }
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
