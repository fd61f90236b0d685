package io.ebbflow.jm.job;

import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.cluster.WriteResult;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.JobManagerOptions;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.state.ArchivedJob;
import io.ebbflow.core.state.CheckpointPointer;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SavepointRecord;
import io.ebbflow.core.state.SharedMaps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an ended job visible after its JobMaster exits: the job's final details (with its exceptions),
 * checkpoint statistics, rescale history, accumulators and savepoint outcomes are written as an
 * {@link ArchivedJob} to the durable store ({@code archive/<jobId>.json}), the oldest archives beyond
 * {@code jobstore.max-capacity} are deleted, and then the job's entries in the shared maps
 * ({@code ebbflow.jobs}, {@code ebbflow.checkpoints}, its finished requests in {@code ebbflow.savepoints}) are
 * removed, each delete guarded by the JobMaster's epoch. If the archive cannot be written, the map entries
 * stay (the job remains listed from the registry) and the failure is logged at ERROR naming the file.
 *
 * <p>The document is built purely ({@link #document}) and the pruning decided purely ({@link #beyondCapacity});
 * the disk work runs on a worker thread and the whole step is bounded by a timeout, so that a broken disk
 * cannot keep a JobMaster alive. {@link #archive} never fails. Called on the JobMaster's event loop.
 */
public final class JobArchive {

    private static final Logger LOG = LoggerFactory.getLogger(JobArchive.class);
    /** How long writing the archive (and pruning old ones) may take before the JobMaster gives up on it. */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** How long removing the map entries may take. */
    private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(3);

    /** The shared maps an ended job leaves. */
    public record Maps(SharedMap<JobEntry> jobs, SharedMap<CheckpointPointer> checkpoints,
            SharedMap<SavepointRecord> savepoints) {

        public static Maps of(ClusterNode node) {
            return new Maps(node.map(SharedMaps.JOBS, JobEntry.class),
                    node.map(SharedMaps.CHECKPOINTS, CheckpointPointer.class),
                    node.map(SharedMaps.SAVEPOINTS, SavepointRecord.class));
        }
    }

    private final Vertx vertx;
    private final DurableStore store;
    private final Maps maps;
    private final int capacity;
    private final Duration timeout;

    /**
     * @param capacity how many archives are kept at most (the oldest beyond it are deleted)
     * @param timeout how long writing the archive may take
     */
    public JobArchive(Vertx vertx, DurableStore store, Maps maps, int capacity, Duration timeout) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the archive must keep at least 1 job, got " + capacity);
        }
        this.vertx = vertx;
        this.store = store;
        this.maps = maps;
        this.capacity = capacity;
        this.timeout = timeout;
    }

    /** The archive of the configured cluster's durable store, bounded by {@code jobstore.max-capacity}. */
    public static JobArchive of(Vertx vertx, ClusterNode node, Configuration config) {
        return new JobArchive(vertx, DurableStore.open(config), Maps.of(node),
                config.get(JobManagerOptions.JOB_STORE_MAX_CAPACITY), WRITE_TIMEOUT);
    }

    /**
     * The archive document of an ended job, from the JobMaster's final replies.
     *
     * @param entry the job's final registry entry (a terminal status and its end time)
     * @param checkpoints null for a job that takes no checkpoints
     * @param savepoints the job's savepoint outcomes; those of other jobs are left out
     */
    public static ArchivedJob document(JobEntry entry, JobDetails details, JobCheckpoints checkpoints,
            JobRescales rescales, JobAccumulators accumulators, List<SavepointRecord> savepoints) {
        List<SavepointRecord> own = savepoints.stream().filter(s -> entry.jobId().equals(s.jobId())).toList();
        return new ArchivedJob(entry, details, checkpoints, rescales, accumulators, own);
    }

    /**
     * The archives to delete so that at most {@code capacity} remain: the oldest first.
     *
     * @param ages each archive's file name and when it was written (epoch millis)
     * @param keep a name never deleted (the archive just written)
     */
    public static List<String> beyondCapacity(Map<String, Long> ages, int capacity, String keep) {
        List<String> oldestFirst = new ArrayList<>(ages.keySet());
        oldestFirst.sort(Comparator.<String>comparingLong(ages::get).thenComparing(Comparator.naturalOrder()));
        oldestFirst.remove(keep);
        int excess = ages.size() - capacity;
        return excess <= 0 ? List.of() : List.copyOf(oldestFirst.subList(0, Math.min(excess, oldestFirst.size())));
    }

    /**
     * Archives the ended job and then removes its map entries. Never fails: a failed or slow archive is
     * logged and the map entries are kept.
     *
     * @param entry the job's final registry entry
     * @param registryFlushed completes when the JobMaster's last write of its registry entry is done, so the
     *        entry is removed after it, not overwritten by it
     */
    public Future<Void> archive(JobEntry entry, JobDetails details, JobCheckpoints checkpoints, JobRescales rescales,
            JobAccumulators accumulators, Supplier<Future<Void>> registryFlushed) {
        String jobId = entry.jobId();
        String name = ArchivedJob.documentName(jobId);
        return finishedSavepoints(jobId)
                .compose(saved -> write(document(entry, details, checkpoints, rescales, accumulators,
                        saved.stream().map(Versioned::value).toList()))
                        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .map(v -> saved))
                .onSuccess(v -> LOG.info("Job {} ({}) archived to {}", jobId, entry.state(), store.location(name)))
                .compose(saved -> removeEntries(entry, saved, registryFlushed))
                .otherwise(e -> {
                    LOG.error("Could not archive job {} to {}: {}. Its entries in the shared maps are kept, so it "
                            + "stays listed while the cluster runs, with its final status only", jobId,
                            store.location(name), e.toString());
                    return null;
                });
    }

    /** The job's savepoint outcomes kept in the cluster (none if they cannot be read in time). */
    private Future<List<Versioned<SavepointRecord>>> finishedSavepoints(String jobId) {
        return maps.savepoints().entries()
                .timeout(CLEANUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(all -> all.values().stream()
                        .filter(v -> v.value() != null && jobId.equals(v.value().jobId()) && !"IN_PROGRESS".equals(v.value().status()))
                        .toList())
                .otherwise(e -> {
                    LOG.warn("Job {}: could not read its savepoint outcomes from {}; they are not archived: {}", jobId,
                            SharedMaps.SAVEPOINTS, e.toString());
                    return List.of();
                });
    }

    /** Writes the document, then deletes the oldest archives beyond the capacity (on a worker thread). */
    private Future<Void> write(ArchivedJob doc) {
        String name = ArchivedJob.documentName(doc.jobId());
        return vertx.executeBlocking(() -> {
            store.write(name, doc);
            prune(name.substring(ArchivedJob.DIRECTORY.length() + 1));
            return null;
        }, false);
    }

    private void prune(String keep) throws IOException {
        Map<String, Long> ages = new LinkedHashMap<>();
        for (String file : store.list(ArchivedJob.DIRECTORY)) {
            if (ArchivedJob.jobIdOf(file) == null) {
                continue;
            }
            // Empty when another JobMaster pruning at the same time deleted it meanwhile.
            store.lastModified(ArchivedJob.DIRECTORY + "/" + file).ifPresent(t -> ages.put(file, t));
        }
        for (String old : beyondCapacity(ages, capacity, keep)) {
            if (store.delete(ArchivedJob.DIRECTORY + "/" + old)) {
                LOG.info("Deleted the archive {}: more than {} ended jobs are archived (jobstore.max-capacity)",
                        store.location(ArchivedJob.DIRECTORY + "/" + old), capacity);
            }
        }
    }

    /** Removes the ended job's map entries, each guarded by its epoch; failures are logged, not returned. */
    private Future<Void> removeEntries(JobEntry entry, List<Versioned<SavepointRecord>> saved,
            Supplier<Future<Void>> registryFlushed) {
        String jobId = entry.jobId();
        long epoch = entry.jobMasterEpoch();
        return registryFlushed.get()
                .compose(v -> {
                    List<Future<Void>> deletes = new ArrayList<>();
                    deletes.add(delete(maps.checkpoints(), jobId, SharedMap.ANY_VERSION, epoch));
                    saved.forEach(s -> deletes.add(delete(maps.savepoints(), s.value().requestId(), s.version(), epoch)));
                    return Future.join(deletes);
                })
                .compose(v -> delete(maps.jobs(), jobId, SharedMap.ANY_VERSION, epoch))
                .timeout(CLEANUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(v -> LOG.debug("Job {}: its entries in {}, {} and {} are removed", jobId, SharedMaps.JOBS,
                        SharedMaps.CHECKPOINTS, SharedMaps.SAVEPOINTS))
                .<Void>mapEmpty()
                .otherwise(e -> {
                    LOG.warn("Job {} is archived but not all of its shared-map entries could be removed: {}", jobId,
                            e.toString());
                    return null;
                });
    }

    private static <T> Future<Void> delete(SharedMap<T> map, String key, long version, long epoch) {
        return map.write(key, version, epoch, null).compose(r -> {
            if (r.outcome() == WriteResult.Outcome.FENCED) {
                LOG.debug("'{}' of {} is owned by a newer writer (epoch above {}): left in place", key, map.name(), epoch);
            } else if (!r.applied()) {
                LOG.debug("'{}' of {} changed meanwhile: left in place", key, map.name());
            }
            return Future.succeededFuture();
        });
    }
}
