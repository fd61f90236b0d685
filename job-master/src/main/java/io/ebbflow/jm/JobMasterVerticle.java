package io.ebbflow.jm;

import io.ebbflow.core.cluster.ClusterMembership;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.CheckpointingOptions;
import io.ebbflow.core.config.NetworkAddresses;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.JobManagerOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.Inbox;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.core.time.VertxTimers;
import io.ebbflow.jm.job.BlobServer;
import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.security.SecurityRefusals;
import io.ebbflow.core.config.options.HighAvailabilityOptions;
import io.ebbflow.core.ha.AsyncDurableStore;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.jm.job.JobArchive;
import io.ebbflow.jm.job.JobLeadership;
import io.ebbflow.jm.job.Standby;
import io.ebbflow.jm.job.JobStore;
import io.ebbflow.jm.job.RunnableJob;
import io.ebbflow.jm.slots.ResourceManagerLink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobMaster of one job, as a verticle: it claims the job (getting its epoch), binds the job's endpoints
 * and wires them to the components {@link JobMaster} assembles (the slot pool and the link to the
 * ResourceManager, the Adaptive Scheduler, executions, checkpoints and savepoints, the REST views), drives
 * their timers, and says goodbye when it stops. A job given as a description only (no dataflow) just holds
 * the slots it declares.
 *
 * <p>This verticle is the single-threaded owner of every component; nothing here blocks.
 */
public final class JobMasterVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(JobMasterVerticle.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);

    private final String jobId;
    private final JobDescription job;
    private final RunnableJob runnable;
    private final ServiceContext context;
    private final Clock clock;
    private final SlotAcquisitionListener acquisitionListener;
    private JobStore store;
    private Standby standby;
    private boolean leading;
    /** A claim is in flight (one at a time: a second one of the same node would take a second epoch). */
    private boolean claiming;
    private long startedAt;
    private final List<Cancellable> timersToCancel = new ArrayList<>();
    private Timers timers;
    private BusClient bus;
    private Inbox inbox;
    private TaskExecutorGateway taskExecutors;
    private ClusterMembership.Subscription membership;
    private JobMaster jm;
    private ResourceManagerLink resourceManager;
    private BlobServer blobServer;
    private String jarUrl;
    /** This leader's secret of the job: handed with accepted slots and deployments, proves blob fetches and subscriptions. */
    private final JobSecret jobSecret = JobSecret.generate();
    private JobArchive archive;
    private JobEnding ending;

    /**
     * Told of every slot the job acquires and how long it waited for it (from the moment the job was
     * short of slots it is entitled to). The JobMaster also records this as the metric
     * {@code ebbflow_jobmanager_slot_acquisition_seconds}.
     */
    @FunctionalInterface
    public interface SlotAcquisitionListener {
        void slotAcquired(String jobId, long waitedMillis);
    }

    public JobMasterVerticle(ServiceContext context, String jobId, JobDescription job, Clock clock) {
        this(context, jobId, job, null, clock, (j, w) -> { });
    }

    public JobMasterVerticle(ServiceContext context, String jobId, JobDescription job, Clock clock,
            SlotAcquisitionListener acquisitionListener) {
        this(context, jobId, job, null, clock, acquisitionListener);
    }

    /** A JobMaster that runs a job built with the DataStream API. */
    JobMasterVerticle(ServiceContext context, String jobId, RunnableJob runnable, Clock clock) {
        this(context, jobId, runnable.description(), runnable, clock, (j, w) -> { });
    }

    private JobMasterVerticle(ServiceContext context, String jobId, JobDescription job, RunnableJob runnable, Clock clock,
            SlotAcquisitionListener acquisitionListener) {
        this.context = context;
        this.jobId = jobId;
        this.job = job;
        this.runnable = runnable;
        this.clock = clock;
        this.acquisitionListener = acquisitionListener;
    }

    @Override
    public Future<?> start() {
        timers = new VertxTimers(vertx);
        Configuration config = context.config();
        bus = new BusClient(vertx, config.get(RpcOptions.ASK_TIMEOUT), config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes());
        taskExecutors = TaskExecutorGateway.overBus(bus);
        archive = JobArchive.of(vertx, context.node(), config);
        startedAt = clock.millis();
        store = new JobStore(context.node(), new JobLeadership(jobId, new AsyncDurableStore(vertx,
                DurableStore.open(config)), context.node().nodeId(), config.get(HighAvailabilityOptions.LEASE_DURATION),
                config.get(HighAvailabilityOptions.LEASE_RENEW_INTERVAL)));
        standby = new Standby(jobId, context.node(), timers, config.get(HighAvailabilityOptions.LEASE_RENEW_INTERVAL));
        return claim();
    }

    /** Leads the job if no live JobMaster does, else waits as a standby and claims again when the leader may be gone. */
    private Future<Void> claim() {
        return store.claim(jobId, job.name(), clock.millis(), startedAt, timers,
                        () -> fenced("a newer epoch wrote the job's entry"))
                .compose(this::act);
    }

    private Future<Void> act(JobStore.Claim claim) {
        if (claim instanceof JobStore.Leading l) {
            return lead(l);
        }
        if (claim instanceof JobStore.Waiting w) {
            return standby.waitFor(w.leaderNodeId(), w.leaderEpoch(), clock.millis(), this::claimAgain);
        }
        JobStatus ended = ((JobStore.Ended) claim).status();
        return standby.stopWaiting().onSuccess(v -> context.process().exit(ended == JobStatus.FAILED ? 1 : 0,
                "job " + jobId + " ended (" + ended + ") while this JobMaster waited as a standby"));
    }

    private void claimAgain() {
        if (!leading && !claiming) {
            claiming = true;
            claim().onComplete(ar -> claiming = false)
                    .onFailure(e -> context.process().exit(3, "JobMaster of job " + jobId + " could not take over: " + e));
        }
    }

    private Future<Void> lead(JobStore.Leading claimed) {
        leading = true;
        return standby.stopWaiting()
                .map(v -> assemble(claimed.entry()))
                .compose(v -> startBlobServer())
                .compose(v -> bindEndpoints())
                .onSuccess(v -> started());
    }

    private Void assemble(io.ebbflow.core.state.JobEntry claimed) {
        long epoch = claimed.jobMasterEpoch();
        jm = new JobMaster(new JobMaster.Setup(jobId, job, runnable, epoch, context.node(), context.config(), vertx, clock,
                timers, taskExecutors, ResourceManagerGateway.overBus(bus), store, () -> jarUrl, jobSecret, this::endJob,
                this::fenced, waited -> acquisitionListener.slotAcquired(jobId, waited)));
        resourceManager = jm.resourceManager();
        ending = new JobEnding(jobId, jm, store, archive, taskExecutors, clock, vertx, context.config());
        return null;
    }

    private Future<Void> startBlobServer() {
        if (runnable == null) {
            return Future.succeededFuture();
        }
        blobServer = new BlobServer(vertx, jobId, runnable.jar(), jobSecret,
                taskExecutor -> jm.slots().nodeOf(taskExecutor).isPresent(),
                new SecurityRefusals("job-master", context.node().meterRegistry()),
                io.ebbflow.core.security.Tls.internal(context.config()));
        return blobServer.start(NetworkAddresses.of(context.config()), context.config().get(JobManagerOptions.BLOB_SERVER_PORT))
                .map(url -> {
                    jarUrl = url;
                    return null;
                });
    }

    private Future<Void> bindEndpoints() {
        ClusterNode node = context.node();
        inbox = new Inbox(vertx, "job-master", context.config().get(RpcOptions.MAX_MESSAGE_SIZE).bytes(), node.meterRegistry());
        JobMasterEndpoints.bind(inbox, jobId, jm, resourceManager, runnable, jarUrl, jobSecret);
        membership = node.membership().addListener(jm::nodeLeft);
        return inbox.ready();
    }

    private void started() {
        Configuration config = context.config();
        store.leadership().keepRenewing(timers, clock, config.get(HighAvailabilityOptions.LEASE_RENEW_INTERVAL),
                this::fenced);
        timersToCancel.add(timers.periodic(config.get(HeartbeatOptions.INTERVAL), () -> {
            resourceManager.heartbeat();
            jm.slots().heartbeat();
        }));
        timersToCancel.add(timers.periodic(HOUSEKEEPING, jm.slots()::housekeeping));
        var requirements = jm.requirements().slots();
        LOG.info("JobMaster of job {} ({}) leads with epoch {}{}: needs {} to {} slots", jobId, job.name(),
                store.entry().jobMasterEpoch(), store.recovered() ? ", resuming the job" : "", requirements.minSlots(),
                requirements.desiredSlots());
        // The job starts waiting for slots when it declares its requirement, i.e. now.
        jm.slots().setRequirement(requirements.minSlots(), requirements.desiredSlots());
        resourceManager.start();
        if (jm.scheduler() == null) {
            return;
        }
        jm.checkpoints().start();
        timersToCancel.addAll(jm.splitDiscovery().start());
        if (jm.autoscaler() != null) {
            timersToCancel.add(jm.autoscaler().start(timers));
        }
        jm.checkpoints().resolveStart(context.config().getOptional(CheckpointingOptions.FROM_SAVEPOINT), store.recovered(), store.earlierEnded(),
                jm.checkpointStorage()).onComplete(ar -> {
                    if (ar.failed()) {
                        String from = config.getOptional(CheckpointingOptions.FROM_SAVEPOINT).orElse("the latest checkpoint");
                        LOG.error("Job {} cannot start from {}: {}", jobId, from, ar.cause().getMessage());
                        jm.exceptions().add(clock.millis(), "cannot start from " + from + ": " + ar.cause().getMessage());
                        endJob(JobStatus.FAILED, null);
                        return;
                    }
                    jm.startFrom(ar.result());
                    jm.scheduler().startScheduling();
                });
    }

    /**
     * A JobMaster that stops (SIGTERM, Ctrl-C) suspends its job: the job keeps its registration and checkpoints,
     * its slots go back, and a standby (or the next JobMaster started with the job's id) resumes it from its newest
     * checkpoint. Only with {@code execution.cancel-on-stop} (the {@code --cancel-on-stop} flag) does stopping
     * cancel the job; {@code PATCH /jobs/:id?mode=cancel} always does.
     */
    @Override
    public Future<?> stop() {
        if (!leading) {
            return standby == null ? Future.succeededFuture() : standby.stopWaiting().recover(e -> Future.succeededFuture());
        }
        timersToCancel.forEach(Cancellable::cancel);
        if (membership != null) {
            membership.cancel();
        }
        if (blobServer != null) {
            blobServer.close().onFailure(e -> LOG.debug("Blob server of job {} did not close: {}", jobId, e.toString()));
        }
        if (jm == null) {
            return inbox == null ? Future.succeededFuture() : inbox.close();
        }
        resourceManager.stop();
        return ending.stopping(context.config().get(HighAvailabilityOptions.CANCEL_ON_STOP))
                .transform(ar -> inbox == null ? Future.succeededFuture() : inbox.close())
                .recover(e -> {
                    LOG.warn("JobMaster of job {} did not stop cleanly: {}", jobId, e.toString());
                    return Future.succeededFuture();
                });
    }

    /**
     * The job reached a globally terminal state: it gives its slots back, records the outcome, and this JobMaster
     * process ends (as in Flink's application mode).
     */
    private void endJob(JobStatus state, String cause) {
        ending.ended(state, () -> context.process().exit(state == JobStatus.FAILED ? 1 : 0, "job " + jobId + " " + state));
    }

    /** A newer JobMaster leads the job: this one stops acting at once and exits. */
    private void fenced(String why) {
        LOG.error("JobMaster of job {} is fenced: {}; it stops acting (no checkpoint commits, no deployments)", jobId, why);
        if (jm != null && jm.checkpoints() != null) {
            jm.checkpoints().stop();
        }
        context.process().exit(1, "fenced: " + why);
    }
}
