package io.ebbflow.jm.job;

import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.cluster.WriteResult;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;

/** A shared map in memory with the real guards: the expected version and the writer's epoch (fence). */
final class InMemorySharedMap<T> implements SharedMap<T> {

    private final String name;
    private final Map<String, Versioned<T>> rows = new LinkedHashMap<>();

    InMemorySharedMap(String name) {
        this.name = name;
    }

    /** Puts {@code value} as written by {@code epoch}, with the next version. */
    InMemorySharedMap<T> put(String key, long epoch, T value) {
        Versioned<T> cur = rows.get(key);
        rows.put(key, new Versioned<>(cur == null ? 1 : cur.version() + 1, epoch, value));
        return this;
    }

    Map<String, Versioned<T>> rows() {
        return rows;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<Map<String, Versioned<T>>> entries() {
        return Future.succeededFuture(new LinkedHashMap<>(rows));
    }

    @Override
    public Future<Versioned<T>> get(String key) {
        return Future.succeededFuture(rows.get(key));
    }

    @Override
    public Future<WriteResult<T>> write(String key, long expectedVersion, long writerEpoch, T value) {
        Versioned<T> cur = rows.get(key);
        if (cur != null && writerEpoch < cur.fence()) {
            return Future.succeededFuture(new WriteResult<>(WriteResult.Outcome.FENCED, cur));
        }
        long version = cur == null ? ABSENT : cur.version();
        if (expectedVersion != ANY_VERSION && expectedVersion != version) {
            return Future.succeededFuture(new WriteResult<>(WriteResult.Outcome.VERSION_MISMATCH, cur));
        }
        if (value == null) {
            rows.remove(key);
            return Future.succeededFuture(new WriteResult<>(WriteResult.Outcome.APPLIED, null));
        }
        Versioned<T> next = new Versioned<>(version + 1, Math.max(writerEpoch, cur == null ? 0 : cur.fence()), value);
        rows.put(key, next);
        return Future.succeededFuture(new WriteResult<>(WriteResult.Outcome.APPLIED, next));
    }
}
