package io.ebbflow.web;

import io.ebbflow.core.ha.AsyncDurableStore;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.Require;
import io.ebbflow.core.state.ArchivedJob;
import io.ebbflow.core.state.JobEntry;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ended jobs their JobMasters archived in the durable store ({@code archive/<jobId>.json}, see
 * {@link ArchivedJob}), as the REST API and the dashboard read them once those JobMasters have exited. Every
 * read goes through the {@link AsyncDurableStore}, so the event loop never waits for the disk.
 *
 * <p>The list of ended jobs is read often (every status round), so each archive's registry entry is kept
 * after its first read; an archive is immutable until a later job with the same id ends, and such a job is
 * seen running first ({@link #forget}). A job's own resources are always read from its archive afresh. An
 * archive that cannot be read is logged once at WARN and left out. Confined to the web-ui's event loop.
 */
final class JobArchives {

    private static final Logger LOG = LoggerFactory.getLogger(JobArchives.class);

    private final AsyncDurableStore store;
    private final Map<String, JobEntry> entries = new HashMap<>();
    private final Set<String> unreadable = new HashSet<>();

    JobArchives(AsyncDurableStore store) {
        this.store = store;
    }

    /** The registry entries of every archived job (in no particular order). */
    Future<List<JobEntry>> entries() {
        return store.list(ArchivedJob.DIRECTORY).compose(files -> {
            Set<String> ids = new HashSet<>();
            for (String file : files) {
                String id = ArchivedJob.jobIdOf(file);
                if (id != null && valid(id)) {
                    ids.add(id);
                }
            }
            entries.keySet().retainAll(ids);
            unreadable.retainAll(ids);
            List<Future<JobEntry>> reads = new ArrayList<>();
            for (String id : ids) {
                JobEntry known = entries.get(id);
                if (known != null) {
                    reads.add(Future.succeededFuture(known));
                } else if (!unreadable.contains(id)) {
                    reads.add(find(id).map(a -> a == null ? null : a.entry()).otherwise(e -> null));
                }
            }
            return Future.join(reads).map(all -> reads.stream().map(Future::result)
                    .filter(java.util.Objects::nonNull).toList());
        });
    }

    /** The archive of {@code jobId}, or null if there is none (or the id could not name one). */
    Future<ArchivedJob> find(String jobId) {
        if (!valid(jobId)) {
            return Future.succeededFuture(null);
        }
        String name = ArchivedJob.documentName(jobId);
        return store.read(name, ArchivedJob.class).map(found -> {
            ArchivedJob archive = found.orElse(null);
            if (archive == null) {
                entries.remove(jobId);
            } else {
                entries.put(jobId, archive.entry());
                unreadable.remove(jobId);
            }
            return archive;
        }).onFailure(e -> {
            if (unreadable.add(jobId)) {
                LOG.warn("The archive of job {} ({} in the durable store) cannot be read; the job is left out: {}",
                        jobId, name, e.getMessage());
            }
        });
    }

    /** A job with this id runs again: the next list reads its archive afresh (when it is archived again). */
    void forget(String jobId) {
        entries.remove(jobId);
        unreadable.remove(jobId);
    }

    /**
     * The JobMaster's answer, or, when it does not answer (it exited after its job ended), that part of the
     * job's archive. A job archived without that part (no checkpoints) is not found; a job with no archive
     * fails as the JobMaster's call failed.
     *
     * @param what the part, for the not-found message ("checkpoints")
     */
    <T> Future<T> orArchived(String jobId, Future<T> fromJobMaster, Function<ArchivedJob, T> part, String what) {
        return fromJobMaster.recover(failure -> {
            if (ProtocolException.class.isInstance(failure)) {
                return Future.failedFuture(failure); // the JobMaster answered: it refused
            }
            return find(jobId).otherwise(e -> null).compose(archive -> {
                if (archive == null) {
                    return Future.failedFuture(failure);
                }
                T value = part.apply(archive);
                return value != null ? Future.succeededFuture(value)
                        : Future.failedFuture(ProtocolException.notFound("job " + jobId + " ended with no " + what));
            });
        });
    }

    /** Whether {@code jobId} can name an archive: a valid id (never {@code .} or {@code ..}, nor a path). */
    private static boolean valid(String jobId) {
        try {
            Require.id(jobId, "jobid");
        } catch (IllegalArgumentException e) {
            return false;
        }
        return DurableStore.SEGMENT.matcher(jobId).matches() && !jobId.equals(".") && !jobId.equals("..");
    }
}
