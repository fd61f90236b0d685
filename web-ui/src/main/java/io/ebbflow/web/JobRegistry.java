package io.ebbflow.web;

import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.Require;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.JobStandby;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every job the REST API knows: the jobs in the job registry (the shared map {@code ebbflow.jobs}) and the
 * ended jobs in the archive ({@link JobArchives}). A JobMaster removes its job's registry entry once the job
 * ended and is archived, so a job is in the registry while it has not ended, in the archive after; for the
 * moment it is in both, the archive counts, and a registry entry that has not ended counts over an archive
 * (a later job with the same id). A job whose JobMaster process is gone without ending it is SUSPENDED until
 * a JobMaster takes it back. Confined to the web-ui's event loop.
 */
final class JobRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(JobRegistry.class);

    private final SharedMap<JobEntry> jobs;
    private final SharedMap<JobStandby> standbys;
    private final Predicate<String> isLiveNode;
    private final JobArchives archives;
    private Set<String> running = Set.of();

    /** {@code isLiveNode} tells whether a cluster node (a JobMaster's process) is still a member. */
    JobRegistry(SharedMap<JobEntry> jobs, SharedMap<JobStandby> standbys, Predicate<String> isLiveNode,
            JobArchives archives) {
        this.jobs = jobs;
        this.standbys = standbys;
        this.isLiveNode = isLiveNode;
        this.archives = archives;
    }

    /** Every job, oldest first; fails only if the registry cannot be read (the archive is then left out). */
    Future<List<JobEntry>> entries() {
        return jobs.entries().compose(registered -> {
            List<JobEntry> current = registered.values().stream().map(Versioned::value).map(this::derive).toList();
            forgetArchivesOfJobsThatStoppedRunning(current);
            return archives.entries().otherwise(e -> {
                LOG.debug("Listing jobs without the archived ones: {}", String.valueOf(e));
                return List.of();
            }).map(archived -> merge(current, archived));
        });
    }

    /**
     * One job from the registry or, once it ended, from the archive; null if there is none with that id (or it
     * is not a valid id).
     */
    Future<JobEntry> find(String jobId) {
        try {
            Require.id(jobId, "jobid");
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(null);
        }
        return jobs.get(jobId).compose(v -> {
            JobEntry registered = v == null ? null : derive(v.value());
            if (registered != null && registered.endTime() < 0) {
                return Future.succeededFuture(registered);
            }
            return archives.find(jobId).otherwise(e -> null).map(a -> a != null ? a.entry() : registered);
        });
    }

    /** The live standby JobMasters of a job (their cluster node ids, oldest first); none if they cannot be read. */
    Future<List<String>> standbys(String jobId) {
        return standbys.entries().map(all -> all.values().stream().map(Versioned::value)
                        .filter(s -> s.jobId().equals(jobId) && isLiveNode.test(s.nodeId()))
                        .sorted(Comparator.comparingLong(JobStandby::since)).map(JobStandby::nodeId).toList())
                .otherwise(e -> List.of());
    }

    /** The job as its entry says, SUSPENDED instead while it has not ended and its JobMaster's node is gone. */
    JobEntry derive(JobEntry j) {
        if (j.endTime() < 0 && !isLiveNode.test(j.nodeId())) {
            return new JobEntry(j.jobId(), j.name(), j.jobMasterEpoch(), j.nodeId(), j.startTime(), j.endTime(),
                    JobStatus.SUSPENDED);
        }
        return j;
    }

    /**
     * The registered and the archived jobs, one entry per id, oldest first: a registered job that has not ended
     * over an archive of the same id, else the archive.
     */
    static List<JobEntry> merge(Collection<JobEntry> registered, Collection<JobEntry> archived) {
        Map<String, JobEntry> byId = new LinkedHashMap<>();
        archived.forEach(a -> byId.put(a.jobId(), a));
        for (JobEntry r : registered) {
            if (r.endTime() < 0 || !byId.containsKey(r.jobId())) {
                byId.put(r.jobId(), r);
            }
        }
        return byId.values().stream().sorted(Comparator.comparingLong(JobEntry::startTime)
                .thenComparing(JobEntry::jobId)).toList();
    }

    /** A job seen running that no longer runs may have been archived anew under an id archived before. */
    private void forgetArchivesOfJobsThatStoppedRunning(List<JobEntry> current) {
        Set<String> now = new HashSet<>();
        current.stream().filter(j -> j.endTime() < 0).forEach(j -> now.add(j.jobId()));
        running.stream().filter(id -> !now.contains(id)).forEach(archives::forget);
        running = now;
    }
}
