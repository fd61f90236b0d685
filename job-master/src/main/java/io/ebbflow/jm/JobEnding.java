package io.ebbflow.jm;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.DisconnectJobMaster;
import io.ebbflow.core.time.Clock;
import io.ebbflow.jm.job.JobArchive;
import io.ebbflow.jm.job.JobStore;
import io.ebbflow.jm.rest.JobViews;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a leading JobMaster leaves its job: when the job ends (archived, its end recorded durably so standbys
 * stop), and when the JobMaster stops while the job runs (suspended with its checkpoints kept, or cancelled
 * with {@code execution.cancel-on-stop}), saying goodbye to the ResourceManager and the TaskExecutors. Confined to
 * the JobMaster's event loop; every step is bounded, so a JobMaster always gets to exit.
 */
final class JobEnding {

    private static final Logger LOG = LoggerFactory.getLogger(JobEnding.class);
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(3);

    private final String jobId;
    private final JobMaster jm;
    private final JobStore store;
    private final JobArchive archive;
    private final TaskExecutorGateway taskExecutors;
    private final Clock clock;
    private final io.vertx.core.Vertx vertx;
    private final io.ebbflow.core.config.options.CheckpointingOptions.ExternalizedCheckpointRetention retention;
    private final String checkpointsOfJob;

    JobEnding(String jobId, JobMaster jm, JobStore store, JobArchive archive, TaskExecutorGateway taskExecutors,
            Clock clock, io.vertx.core.Vertx vertx, io.ebbflow.core.config.Configuration config) {
        this.vertx = vertx;
        this.retention = config.get(io.ebbflow.core.config.options.CheckpointingOptions.EXTERNALIZED_RETENTION);
        this.checkpointsOfJob = io.ebbflow.runtime.checkpoint.CheckpointStorage.jobLocation(
                config.get(io.ebbflow.core.config.options.CheckpointingOptions.CHECKPOINTS_DIRECTORY), jobId);
        this.jobId = jobId;
        this.jm = jm;
        this.store = store;
        this.archive = archive;
        this.taskExecutors = taskExecutors;
        this.clock = clock;
    }

    /**
     * The job reached a globally terminal state: its slots go back, it is archived and its end recorded.
     *
     * @return false if it had ended already
     */
    boolean ended(JobStatus state, Runnable then) {
        long now = clock.millis();
        if (!store.end(state, now)) {
            return false;
        }
        LOG.info("Job {} ({}) {} after {} ms", jobId, store.entry().name(), state, now - store.entry().startTime());
        jm.slots().pool().releaseAll(now);
        if (jm.checkpoints() != null) {
            jm.checkpoints().stop();
        }
        archive().transform(ar -> store.recordEnd(now)).transform(ar -> discardCheckpoints(state)).onComplete(ar -> then.run());
        return true;
    }

    /**
     * Deletes the ended job's checkpoints unless {@code execution.checkpointing.externalized-checkpoint-retention}
     * keeps them for {@code state} (savepoints live elsewhere and are never deleted).
     */
    private Future<Void> discardCheckpoints(JobStatus state) {
        if (jm.checkpoints() == null || retention.retains(state)) {
            if (jm.checkpoints() != null && !jm.checkpoints().retainedNewestFirst().isEmpty()) {
                LOG.info("Job {} {}: its checkpoints are kept ({}): the newest is {}", jobId, state, retention,
                        jm.checkpoints().retainedNewestFirst().get(0).directory());
            }
            return Future.succeededFuture();
        }
        String dir = checkpointsOfJob;
        return vertx.executeBlocking(() -> {
            io.ebbflow.runtime.checkpoint.CheckpointStorage.discard(dir);
            return null;
        }, false).<Void>mapEmpty().onSuccess(v -> LOG.info("Job {} {}: its checkpoints at {} are deleted ({})", jobId,
                state, dir, retention)).recover(e -> {
                    LOG.warn("Job {}: its checkpoints at {} could not be deleted: {}", jobId, dir, e.toString());
                    return Future.succeededFuture();
                });
    }

    /**
     * The JobMaster stops while the job runs: the job is suspended (or cancelled if {@code cancel}), the
     * ResourceManager and the TaskExecutors holding its slots are told, and a cancelled job is archived.
     */
    Future<Void> stopping(boolean cancel) {
        if (jm.checkpoints() != null) {
            jm.checkpoints().stop();
        }
        boolean ended = cancel && store.end(JobStatus.CANCELED, clock.millis());
        // A job that has ended already (it is being archived) is not suspended: only a running one is.
        Future<Void> suspended = ended || store.ended() ? Future.succeededFuture() : store.suspend(clock.millis())
                .onSuccess(v -> LOG.info("Job {} SUSPENDED: its checkpoints are kept; a JobMaster started with --job-id {} "
                        + "resumes it", jobId, jobId));
        LOG.info("JobMaster of job {} stopping: returning {} slots", jobId, jm.slots().pool().held());
        long epoch = store.entry().jobMasterEpoch();
        // Deregister first, so the ResourceManager does not hand the slots freed below back to this job.
        return suspended.transform(ar -> jm.resourceManager().deregister("job stopped", GOODBYE_TIMEOUT.dividedBy(2)))
                .transform(ar -> Future.join(jm.slots().pool().allocationsByTaskExecutor().keySet().stream()
                        .map(te -> taskExecutors.disconnectJobMaster(te, new DisconnectJobMaster(jobId, epoch, "job stopped")))
                        .toList()))
                .transform(ar -> store.flushed())
                .timeout(GOODBYE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .transform(ar -> {
                    if (ar.failed()) {
                        LOG.warn("JobMaster of job {} did not say goodbye to everyone: {}", jobId, ar.cause().toString());
                    }
                    return ended ? archive().transform(a -> store.recordEnd(clock.millis()))
                            .transform(a -> discardCheckpoints(JobStatus.CANCELED)) : Future.succeededFuture();
                });
    }

    /**
     * Archives the ended job in the durable store, then removes its shared-map entries ({@link JobArchive}).
     * Bounded by timeouts and never fails, so the process exits even when the disk does not answer.
     */
    private Future<Void> archive() {
        JobViews views = jm.views();
        return archive.archive(store.entry(), views.details(), jm.checkpoints() == null ? null : jm.checkpoints().stats(),
                views.rescales(), new JobAccumulators(jm.executions().accumulators()), store::flushed);
    }
}
