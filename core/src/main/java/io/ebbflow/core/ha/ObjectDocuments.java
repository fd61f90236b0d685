package io.ebbflow.core.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ebbflow.core.storage.ObjectLocation;
import io.ebbflow.core.storage.ObjectStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Documents in S3-compatible storage, below a root location. There are no locks: an update is a compare-and-set
 * on the document's entity tag ({@code If-Match}, or {@code If-None-Match: *} for a new one), tried again when
 * another writer changed the document in between.
 *
 * <p>Fencing. A fenced write records its epoch in the document ({@value #FENCE}, a JSON field that readers
 * ignore) and is a compare-and-set too: it succeeds only if the lease holds no newer epoch and the document carries
 * none. After a claim, {@link #seal} rewrites every document of the scope with the new epoch, so a fenced write of
 * the old leader that read the lease before the claim fails on the changed entity tag, and any later one on the
 * newer epoch. On a store that ignores conditional writes (see {@link ObjectStore#supportsConditionalWrites}) the
 * compare-and-set degrades to check-then-write: a stale writer is still refused, but one racing between the check
 * and the write is not; run one leader candidate per scope there, or use a store with conditional writes.
 */
final class ObjectDocuments implements Documents {

    /** The field of a document that names the epoch of its last fenced write. */
    static final String FENCE = "_fencingEpoch";
    private static final int MAX_ATTEMPTS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore objects;
    private final ObjectLocation root;

    ObjectDocuments(ObjectStore objects, ObjectLocation root) {
        this.objects = objects;
        this.root = root;
    }

    private ObjectLocation at(String name) {
        return name.isEmpty() ? root : root.resolve(name);
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        Optional<byte[]> bytes = objects.get(at(name)).map(ObjectStore.Versioned::bytes);
        return bytes.isPresent() ? Optional.of(withoutFence(bytes.get())) : bytes;
    }

    @Override
    public void write(String name, byte[] bytes) throws IOException {
        objects.put(at(name), bytes);
    }

    @Override
    public boolean delete(String name) throws IOException {
        return objects.delete(at(name));
    }

    @Override
    public List<String> list(String directory) throws IOException {
        return objects.list(at(directory));
    }

    @Override
    public void deleteTree(String directory) throws IOException {
        objects.deleteAll(at(directory));
    }

    @Override
    public Optional<Long> lastModified(String name) throws IOException {
        return objects.lastModified(at(name));
    }

    @Override
    public <T> T update(String scope, String name, Update<T> update) throws IOException {
        ObjectLocation location = at(name);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<ObjectStore.Versioned> current = objects.get(location);
            Change<T> change = update.apply(current.map(ObjectStore.Versioned::bytes));
            if (change.write() == null || compareAndSet(location, current, change.write())) {
                return change.result();
            }
        }
        throw new IOException("could not update " + location + ": other writers changed it " + MAX_ATTEMPTS
                + " times in a row");
    }

    @Override
    public boolean writeFenced(String scope, String leaseName, long epoch, String name, byte[] bytes,
            Documents.EpochOf epochOf) throws IOException {
        ObjectLocation location = at(name);
        byte[] fenced = withFence(bytes, epoch);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<byte[]> lease = read(leaseName);
            if (lease.isPresent() && epochOf.of(lease.get()) > epoch) {
                return false;
            }
            Optional<ObjectStore.Versioned> current = objects.get(location);
            if (current.isPresent() && fenceOf(current.get().bytes()) > epoch) {
                return false;
            }
            if (compareAndSet(location, current, fenced)) {
                return true;
            }
        }
        throw new IOException("could not write " + location + ": other writers changed it " + MAX_ATTEMPTS
                + " times in a row");
    }

    @Override
    public void seal(String scope, String leaseName, long epoch) throws IOException {
        String leaseFile = leaseName.substring(leaseName.lastIndexOf('/') + 1);
        for (String child : objects.list(at(scope))) {
            if (child.equals(leaseFile) || child.startsWith(".")) {
                continue;
            }
            ObjectLocation location = at(scope + "/" + child);
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<ObjectStore.Versioned> current = objects.get(location);
                if (current.isEmpty() || fenceOf(current.get().bytes()) >= epoch
                        || compareAndSet(location, current, withFence(current.get().bytes(), epoch))) {
                    break;
                }
            }
        }
    }

    @Override
    public String describe(String name) {
        return at(name).toString();
    }

    private boolean compareAndSet(ObjectLocation location, Optional<ObjectStore.Versioned> expected, byte[] bytes)
            throws IOException {
        return expected.isEmpty() ? objects.putIfAbsent(location, bytes)
                : objects.putIfMatch(location, bytes, expected.get().etag());
    }

    /** The document with its fencing epoch set; a document that is not a JSON object is written as it is. */
    static byte[] withFence(byte[] bytes, long epoch) throws IOException {
        JsonNode tree = tree(bytes);
        if (!(tree instanceof ObjectNode object)) {
            return bytes;
        }
        object.put(FENCE, epoch);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(object);
    }

    /** The document as its writer wrote it: without the fencing epoch. */
    static byte[] withoutFence(byte[] bytes) throws IOException {
        JsonNode tree = tree(bytes);
        if (!(tree instanceof ObjectNode object) || !object.has(FENCE)) {
            return bytes;
        }
        object.remove(FENCE);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(object);
    }

    static long fenceOf(byte[] bytes) {
        JsonNode tree = tree(bytes);
        return tree != null && tree.has(FENCE) ? tree.get(FENCE).asLong() : 0;
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }
}
