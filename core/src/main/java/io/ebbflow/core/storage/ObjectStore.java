package io.ebbflow.core.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Objects in S3-compatible storage, addressed by {@link ObjectLocation}. Every write records a CRC-32C of the
 * whole object in the object's metadata, and every whole-object read checks it: a mismatch is a
 * {@link CorruptObjectException} naming the object. Transient failures (connection errors, timeouts, HTTP 5xx,
 * throttling) are retried with exponential backoff before a method gives up with an {@link IOException}.
 *
 * <p>All methods block on the network: call them from worker threads, never from a Vert.x event loop.
 */
public interface ObjectStore {

    /** An object's bytes with its entity tag, the token of conditional writes. */
    record Versioned(byte[] bytes, String etag) {
    }

    /** Writes {@code bytes} to {@code location}, replacing any object there. */
    void put(ObjectLocation location, byte[] bytes) throws IOException;

    /**
     * Writes {@code bytes} only if no object exists at {@code location} ({@code If-None-Match: *}).
     *
     * @return false if one exists (the write lost a race)
     */
    boolean putIfAbsent(ObjectLocation location, byte[] bytes) throws IOException;

    /**
     * Writes {@code bytes} only if the object at {@code location} still has entity tag {@code etag}
     * ({@code If-Match}).
     *
     * @return false if it changed or was deleted meanwhile (the write lost a race)
     */
    boolean putIfMatch(ObjectLocation location, byte[] bytes, String etag) throws IOException;

    /**
     * Whether this store honours {@link #putIfAbsent} and {@link #putIfMatch} (found out once per bucket by a probe:
     * some S3-compatible servers ignore the conditions and overwrite). Without them, conditional writes fall back to
     * a look at the object's entity tag followed by a plain write: a stale writer is refused, but two writers racing
     * between the look and the write are not told apart, so this is safe only while one process at a time writes
     * each object (the S3Proxy 2.6.0 of the tests is such a store; AWS S3 and MinIO are not).
     */
    boolean supportsConditionalWrites(String bucket) throws IOException;

    /**
     * Uploads the file {@code source} to {@code location}, in parts when it is at least the multipart threshold.
     *
     * @return the number of parts (1: a single request)
     */
    int upload(Path source, ObjectLocation location) throws IOException;

    /** The object at {@code location}, checksum verified; empty if there is none. */
    Optional<Versioned> get(ObjectLocation location) throws IOException;

    /** Downloads the object at {@code location} into {@code target} (replacing it), checksum verified. */
    void download(ObjectLocation location, Path target) throws IOException;

    /**
     * {@code length} bytes of the object at {@code location} from {@code offset} (a ranged read: the caller checks
     * what it reads, e.g. the CRC of a state file's block).
     */
    byte[] readRange(ObjectLocation location, long offset, int length) throws IOException;

    /** The size of the object at {@code location}; empty if there is none. */
    Optional<Long> size(ObjectLocation location) throws IOException;

    /** When the object at {@code location} was last written (epoch millis); empty if there is none. */
    Optional<Long> lastModified(ObjectLocation location) throws IOException;

    /** The names directly below {@code location} (objects and "directories"), sorted. */
    List<String> list(ObjectLocation location) throws IOException;

    /** Deletes the object at {@code location} if it exists; false if there was none. */
    boolean delete(ObjectLocation location) throws IOException;

    /** Deletes every object below {@code location} (and the object at it, if any). */
    void deleteAll(ObjectLocation location) throws IOException;
}
