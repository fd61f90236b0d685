package io.ebbflow.web;

import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.cluster.WriteResult;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;

/** A shared map in memory for reading (the web-ui never writes); {@link #failing} makes every read fail. */
final class TestingSharedMap<T> implements SharedMap<T> {

    private final Map<String, Versioned<T>> rows = new LinkedHashMap<>();
    private Throwable failure;

    TestingSharedMap<T> put(String key, T value) {
        rows.put(key, new Versioned<>(1, 1, value));
        return this;
    }

    /** The rows, to change them between calls. */
    Map<String, Versioned<T>> rows() {
        return rows;
    }

    TestingSharedMap<T> failing(Throwable failure) {
        this.failure = failure;
        return this;
    }

    @Override
    public String name() {
        return "testing";
    }

    @Override
    public Future<Map<String, Versioned<T>>> entries() {
        return failure != null ? Future.failedFuture(failure) : Future.succeededFuture(new LinkedHashMap<>(rows));
    }

    @Override
    public Future<Versioned<T>> get(String key) {
        return failure != null ? Future.failedFuture(failure) : Future.succeededFuture(rows.get(key));
    }

    @Override
    public Future<WriteResult<T>> write(String key, long expectedVersion, long writerEpoch, T value) {
        return Future.failedFuture(new UnsupportedOperationException("the web-ui only reads shared maps"));
    }
}
