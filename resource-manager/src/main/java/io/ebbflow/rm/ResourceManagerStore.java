package io.ebbflow.rm;

import io.ebbflow.core.state.JobRecord;
import io.ebbflow.core.state.SharedMaps;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.state.TaskExecutorRecord;
import io.ebbflow.core.state.WorkerRecord;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.cluster.WriteBehindMap;
import io.ebbflow.core.cluster.WriteResult;
import io.ebbflow.core.time.Timers;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The ResourceManager's shared state in the cluster: its lease (epoch), the slot ledger, the registered
 * TaskExecutors and the jobs' requirements. The in-memory {@link SlotManager} is authoritative while
 * this ResourceManager holds the lease; every change is replicated here (write-behind, guarded by the
 * epoch) so a standby that takes over, a restarted ResourceManager, or any reader finds it. The lease is
 * decided in the durable store ({@link DurableLeases}); the map keeps a copy whose epoch is a floor for the
 * next one.
 */
final class ResourceManagerStore {

    static final String LEASE_KEY = "resource-manager";

    /**
     * Who is the ResourceManager.
     *
     * @param epoch increases with every ResourceManager start; fences writes of older ones
     */
    record Lease(long epoch, String nodeId, long startedAt) {
    }

    /** What the maps held at start. */
    record Snapshot(Map<String, Versioned<TaskExecutorRecord>> taskExecutors,
            Map<String, Versioned<SlotLedgerEntry>> ledger, Map<String, Versioned<JobRecord>> jobs) {
    }

    private final ClusterNode node;
    private final SharedMap<Lease> meta;
    private final SharedMap<SlotLedgerEntry> ledgerMap;
    private final SharedMap<TaskExecutorRecord> taskExecutorMap;
    private final SharedMap<JobRecord> jobMap;
    private final SharedMap<WorkerRecord> workerMap;
    private WriteBehindMap<WorkerRecord> workers;
    private WriteBehindMap<SlotLedgerEntry> ledger;
    private WriteBehindMap<TaskExecutorRecord> taskExecutors;
    private WriteBehindMap<JobRecord> jobs;

    ResourceManagerStore(ClusterNode node) {
        this.node = node;
        this.meta = node.map(SharedMaps.META, Lease.class);
        this.ledgerMap = node.map(SharedMaps.SLOTS, SlotLedgerEntry.class);
        this.taskExecutorMap = node.map(SharedMaps.TASK_EXECUTORS, TaskExecutorRecord.class);
        this.jobMap = node.map(SharedMaps.JOB_REQUIREMENTS, JobRecord.class);
        this.workerMap = node.map(SharedMaps.WORKERS, WorkerRecord.class);
    }

    /** The lease in the map as the last leader wrote it (its epoch is a floor for the next one), if any. */
    Future<java.util.Optional<Lease>> mapLease() {
        return meta.get(LEASE_KEY).map(v -> java.util.Optional.ofNullable(v).map(Versioned::value));
    }

    /**
     * Writes the lease the durable store granted ({@code epoch}) into the map, for readers of the cluster's
     * state and as a floor for the next leader's epoch. Fails if the map already holds a newer epoch: then a
     * newer ResourceManager owns the cluster and this one must not act.
     */
    Future<Lease> writeLease(long epoch, long now) {
        Lease lease = new Lease(epoch, node.nodeId(), now);
        return meta.write(LEASE_KEY, SharedMap.ANY_VERSION, epoch, lease).compose(r -> r.applied()
                ? Future.succeededFuture(lease)
                : Future.failedFuture(new IllegalStateException("fenced: ResourceManager epoch " + epoch
                        + " superseded in the cluster's map by " + describe(r))));
    }

    private static String describe(WriteResult<Lease> r) {
        return r.current() == null ? r.outcome().toString() : "epoch " + r.current().value().epoch()
                + " on node " + r.current().value().nodeId();
    }

    Future<Snapshot> load() {
        return taskExecutorMap.entries().compose(tes -> ledgerMap.entries()
                .compose(slots -> jobMap.entries().map(js -> new Snapshot(tes, slots, js))));
    }

    /** Starts replicating with this epoch; {@code onFenced} runs if a newer ResourceManager owns the maps. */
    void startReplication(long epoch, Timers timers, Runnable onFenced, Snapshot snapshot) {
        ledger = new WriteBehindMap<>(ledgerMap, epoch, timers, onFenced);
        taskExecutors = new WriteBehindMap<>(taskExecutorMap, epoch, timers, onFenced);
        jobs = new WriteBehindMap<>(jobMap, epoch, timers, onFenced);
        ledger.seed(snapshot.ledger());
        taskExecutors.seed(snapshot.taskExecutors());
        jobs.seed(snapshot.jobs());
    }

    /** Writes what changed in the slot manager since the last call. */
    void replicate(SlotManager slotManager) {
        slotManager.drainLedgerChanges().forEach((k, v) -> put(ledger, k, v));
        slotManager.drainTaskExecutorChanges().forEach((k, v) -> put(taskExecutors, k, v));
        slotManager.drainJobChanges().forEach((k, v) -> put(jobs, k, v));
    }

    /** The workers the resource provider started, as the last leader recorded them. */
    Future<Map<String, Versioned<WorkerRecord>>> loadWorkers() {
        return workerMap.entries();
    }

    /** Starts replicating the worker records with this epoch, from what the maps held. */
    void startWorkerReplication(long epoch, Timers timers, Runnable onFenced, Map<String, Versioned<WorkerRecord>> seed) {
        workers = new WriteBehindMap<>(workerMap, epoch, timers, onFenced);
        workers.seed(seed);
    }

    /** Records a worker the resource provider runs (written behind, guarded by the epoch). */
    void putWorker(WorkerRecord record) {
        workers.put(record.workerId(), record);
    }

    void removeWorker(String workerId) {
        workers.remove(workerId);
    }

    void removeLedgerRow(String key) {
        ledger.remove(key);
    }

    void removeTaskExecutor(String taskExecutorId) {
        taskExecutors.remove(taskExecutorId);
    }

    Future<Void> flushed() {
        if (ledger == null) {
            return Future.succeededFuture();
        }
        Future<Void> workersFlushed = workers == null ? Future.succeededFuture() : workers.flushed();
        return Future.all(ledger.flushed(), taskExecutors.flushed(), jobs.flushed(), workersFlushed).mapEmpty();
    }

    private static <T> void put(WriteBehindMap<T> map, String key, T value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }
}
