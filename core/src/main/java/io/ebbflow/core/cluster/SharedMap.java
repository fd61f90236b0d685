package io.ebbflow.core.cluster;

import io.vertx.core.Future;
import java.util.Map;

/**
 * A cluster-wide map of JSON-encoded records whose every write is atomic and conditional: applied only
 * if the key is still at the version the writer last saw (or the writer says it does not care) and the
 * writer's epoch is not older than the epoch of the last writer. Never get-modify-put. Futures complete
 * on the caller's Vert.x context; no call blocks.
 *
 * @param <T> the record type, encoded as JSON
 */
public interface SharedMap<T> {

    /** Version to pass when the key must not exist yet. */
    long ABSENT = 0;
    /** Version to pass when any current version is fine (the epoch check still applies). */
    long ANY_VERSION = -1;

    String name();

    Future<Map<String, Versioned<T>>> entries();

    /** The value, or null. */
    Future<Versioned<T>> get(String key);

    /**
     * Writes {@code value} (or removes the key when {@code value} is null) if the guards hold.
     *
     * @param expectedVersion {@link #ABSENT}, {@link #ANY_VERSION} or the version last seen
     * @param writerEpoch the writer's epoch (fencing token)
     */
    Future<WriteResult<T>> write(String key, long expectedVersion, long writerEpoch, T value);
}
