package io.ebbflow.core.ha;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * The {@link DurableStore} for verticles: each call runs on a worker thread and completes back on the
 * caller's context, so the event loop never waits for the disk.
 */
public final class AsyncDurableStore {

    private final Vertx vertx;
    private final DurableStore store;

    public AsyncDurableStore(Vertx vertx, DurableStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    public DurableStore blocking() {
        return store;
    }

    public <T> Future<Optional<T>> read(String name, Class<T> type) {
        return run(() -> store.read(name, type));
    }

    public Future<Void> write(String name, Object value) {
        return run(() -> {
            store.write(name, value);
            return null;
        });
    }

    public Future<Boolean> delete(String name) {
        return run(() -> store.delete(name));
    }

    public Future<List<String>> list(String directory) {
        return run(() -> store.list(directory));
    }

    public Future<Void> deleteTree(String directory) {
        return run(() -> {
            store.deleteTree(directory);
            return null;
        });
    }

    public Future<DurableStore.Claim> claim(String scope, String nodeId, String holder, long now, Duration lease,
            long floor, Predicate<LeaderLease> holderGone) {
        return run(() -> store.claim(scope, nodeId, holder, now, lease, floor, holderGone));
    }

    public Future<Optional<LeaderLease>> renew(String scope, long epoch, String nodeId, long now) {
        return run(() -> store.renew(scope, epoch, nodeId, now));
    }

    public Future<Boolean> release(String scope, long epoch, String nodeId, long now) {
        return run(() -> store.release(scope, epoch, nodeId, now));
    }

    public Future<Optional<LeaderLease>> lease(String scope) {
        return run(() -> store.lease(scope));
    }

    public Future<Boolean> writeFenced(String scope, long epoch, String name, Object value) {
        return run(() -> store.writeFenced(scope, epoch, name, value));
    }

    private <T> Future<T> run(Callable<T> action) {
        return vertx.executeBlocking(action, false);
    }
}
