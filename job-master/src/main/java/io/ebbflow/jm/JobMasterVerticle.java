package io.ebbflow.jm;

import io.ebbflow.core.job.JobStatus;

import io.ebbflow.core.cluster.ClusterMembership;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.JobManagerOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.heartbeat.HeartbeatMonitor;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.job.SlotSharingRequirements;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.Addresses;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.Endpoints;
import io.ebbflow.core.protocol.Inbox;
import io.ebbflow.core.protocol.JobMasterMessages.DisconnectTaskExecutor;
import io.ebbflow.core.protocol.JobMasterMessages.ExceptionView;
import io.ebbflow.core.protocol.JobMasterMessages.HeldSlot;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.ResourceQuota;
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetricsReport;
import io.ebbflow.core.protocol.JobMasterMessages.TaskStateUpdate;
import io.ebbflow.core.protocol.JobMasterMessages.VertexView;
import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages.DeregisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobMasterHeartbeat;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobMasterRegistered;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.ResourceManagerStarted;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.AllocatedSlotReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.CancelTask;
import io.ebbflow.core.protocol.TaskExecutorMessages.DisconnectJobMaster;
import io.ebbflow.core.protocol.TaskExecutorMessages.FreeSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.SubmitTask;
import io.ebbflow.core.service.ResourceManagerConnection;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.core.time.VertxTimers;
import io.ebbflow.core.util.StackTraces;
import io.ebbflow.core.config.options.CheckpointingOptions;
import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.state.CheckpointPointer;
import io.ebbflow.jm.adaptive.Created;
import io.ebbflow.jm.adaptive.Executing;
import io.ebbflow.jm.adaptive.SchedulerContext;
import io.ebbflow.jm.adaptive.SchedulerSettings;
import io.ebbflow.jm.adaptive.SchedulerState;
import io.ebbflow.jm.adaptive.StopWithSavepoint;
import io.ebbflow.runtime.checkpoint.CheckpointStorage;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.graph.ExecutionPlan;
import java.nio.file.Path;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobMaster of one job. In this version it runs the job's declarative slot pool: it claims the job
 * (getting its epoch), registers with the ResourceManager and declares the job's absolute requirement
 * on every heartbeat (again on every reconnect; the latest declaration wins), accepts offered slots
 * against the outstanding requirement, returns slots beyond its share or idle beyond its target, and
 * drops the slots of TaskExecutors that leave. The scheduler that runs tasks in these slots comes with
 * the dataflow runtime.
 *
 * <p>This verticle is the single-threaded owner of the pool; nothing here blocks.
 */

public final class JobMasterVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(JobMasterVerticle.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_TRACE_CHARS = 50_000;

    private final String jobId;
    private final JobDescription job;
    private final ClusterNode node;
    private final Configuration config;
    private final Clock clock;
    private final ServiceContext.ProcessControl process;
    private final DeclarativeSlotPool pool;
    private final JobStore store;
    private final SlotSharingRequirements requirements;

    private Timers timers;
    private Inbox inbox;
    private ResourceManagerGateway resourceManager;
    private TaskExecutorGateway taskExecutors;
    private ResourceManagerConnection<JobMasterRegistered> resourceManagerConnection;
    private HeartbeatMonitor<String> taskExecutorHeartbeats;
    private ClusterMembership.Subscription membership;
    private final List<Cancellable> timersToCancel = new ArrayList<>();
    private JobEntry entry;
    private long epoch;
    private volatile int heldSlots;
    private final RunnableJob runnable;
    private BlobServer blobServer;
    private String jarUrl;
    private JobStatus jobStatus = JobStatus.CREATED;
    private SchedulerState<JobRun> scheduler;
    private final List<JobRun> liveRuns = new ArrayList<>();
    private List<SlotSharingAllocator.Vertex> allocatorVertices;
    private final RescaleHistory rescaleHistory = new RescaleHistory();
    private java.util.Set<String> lastHeld = java.util.Set.of();
    private int rescales;
    private final JobTimes jobTimes = new JobTimes();
    private final java.util.Set<String> leavingTaskExecutors = new java.util.HashSet<>();
    /** Cluster node of each TaskExecutor that left cleanly while running subtasks, until its process is gone. */
    private final Map<String, String> departedNodes = new HashMap<>();
    private long endTime = -1;
    private final List<ExceptionView> exceptions = new ArrayList<>();
    private final SlotAcquisitionListener acquisitionListener;
    private Timer acquisitionTimer;
    private CheckpointScheduler checkpoints;
    private RestartStrategy restartStrategy;
    /** A savepoint or retained checkpoint to start from, found at start-up (null: none). */
    private CompletedCheckpoint initialRestore;
    private boolean restoreResolved;
    private int attempt;
    private final Map<String, SavepointOperation> savepointOps = new LinkedHashMap<>();
    private Map<String, Long> lastAccumulators = Map.of();
    private int restarts;
    private long restoredCheckpointOfRun = -1;
    /** When the checkpoint a pending rescale waits for was first asked for (-1: none). */
    private long rescaleDueSince = -1;
    /** The latest execution that ended: its sources tell how many records a restart reads again. */
    private JobRun lastEndedRun;

    /** A savepoint asked for over REST, and how it is doing. */
    private static final class SavepointOperation {
        final String requestId;
        final boolean stop;
        String status = "IN_PROGRESS";
        String location;
        String failure;

        SavepointOperation(String requestId, boolean stop) {
            this.requestId = requestId;
            this.stop = stop;
        }
    }

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
        this.runnable = runnable;
        this.acquisitionListener = acquisitionListener;
        this.jobId = jobId;
        this.job = job;
        this.node = context.node();
        this.config = context.config();
        this.clock = clock;
        this.process = context.process();
        this.pool = new DeclarativeSlotPool(config.get(JobManagerOptions.SLOT_IDLE_TIMEOUT));
        this.store = new JobStore(node);
        this.requirements = job.slotRequirements();
        this.allocatorVertices = runnable == null ? List.of() : runnable.allocatorVertices();
    }

    @Override
    public Future<?> start() {
        timers = new VertxTimers(vertx);
        long maxBytes = config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes();
        BusClient bus = new BusClient(vertx, config.get(RpcOptions.ASK_TIMEOUT), maxBytes);
        resourceManager = ResourceManagerGateway.overBus(bus);
        taskExecutors = TaskExecutorGateway.overBus(bus);
        taskExecutorHeartbeats = new HeartbeatMonitor<>(config.get(HeartbeatOptions.TIMEOUT),
                config.get(HeartbeatOptions.RPC_FAILURE_THRESHOLD));
        return store.claim(jobId, job.name(), clock.millis(), timers, this::fenced)
                .compose(this::bindEndpoints)
                .onSuccess(v -> {
                    timersToCancel.add(timers.periodic(config.get(HeartbeatOptions.INTERVAL), this::heartbeats));
                    timersToCancel.add(timers.periodic(HOUSEKEEPING, this::housekeeping));
                    LOG.info("JobMaster of job {} ({}) started with epoch {}: needs {} to {} slots", jobId, job.name(),
                            epoch, requirements.minSlots(), requirements.desiredSlots());
                    // The job starts waiting for slots when it declares its requirement, i.e. now.
                    pool.setRequirement(requirements.minSlots(), requirements.desiredSlots(), clock.millis());
                    resourceManagerConnection.start();
                    if (checkpoints != null) {
                        checkpoints.start();
                    }
                    resolveRestore();
                });
    }

    /**
     * Finds what the job starts from: the savepoint it was told to start from, else (a restarted JobMaster)
     * the latest checkpoint recorded in the cluster, else the newest readable one on disk. Reads files off
     * the event loop; the job deploys only after this.
     */
    private void resolveRestore() {
        if (runnable == null) {
            restoreResolved = true;
            return;
        }
        java.util.Optional<String> savepoint = config.getOptional(CheckpointingOptions.FROM_SAVEPOINT);
        Path base = Path.of(config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        boolean recovering = store.recovered();
        Future<io.ebbflow.core.cluster.Versioned<CheckpointPointer>> pointer = savepoint.isPresent() || !recovering
                ? Future.succeededFuture(null) : pointers().get(jobId).recover(e -> Future.succeededFuture(null));
        pointer.compose(p -> vertx.executeBlocking(() -> {
            // New checkpoints never reuse a directory an earlier run of a job with this id left behind.
            long highest = CheckpointStorage.highestId(base, jobId);
            if (savepoint.isPresent()) {
                return new Resolved(CheckpointStorage.readMetadata(Path.of(savepoint.get())), highest);
            }
            if (!recovering) {
                return new Resolved(null, highest); // a new job starts empty, as in Flink (old state: --from-savepoint)
            }
            if (p != null) {
                try {
                    return new Resolved(CheckpointStorage.readMetadata(Path.of(p.value().path())), highest);
                } catch (java.io.IOException e) {
                    LOG.warn("Job {}: the latest checkpoint recorded in the cluster cannot be used ({}); looking for an "
                            + "older one", jobId, e.getMessage());
                }
            }
            return new Resolved(CheckpointStorage.latestValid(base, jobId,
                    why -> LOG.warn("Job {}: skipping checkpoint: {}", jobId, why)).orElse(null), highest);
        }, false)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("Job {} cannot start from savepoint {}: {}", jobId, savepoint.orElse("?"), ar.cause().getMessage());
                exceptions.add(0, new ExceptionView(clock.millis(), null, null, "cannot start from "
                        + savepoint.orElse("the latest checkpoint") + ": " + ar.cause().getMessage()));
                endJob(JobStatus.FAILED);
                return;
            }
            checkpoints.startIdsAbove(ar.result().highestId());
            initialRestore = ar.result().checkpoint();
            if (initialRestore != null) {
                LOG.info("Job {} will start from {} {} at {}", jobId, initialRestore.savepoint() ? "savepoint" : "checkpoint",
                        initialRestore.checkpointId(), initialRestore.directory());
                if (!initialRestore.savepoint() && checkpoints != null) {
                    checkpoints.adopt(initialRestore);
                }
            }
            restoreResolved = true;
            startScheduling();
        });
    }

    /** What start-up found: the checkpoint or savepoint to start from (or null), and the highest checkpoint id on disk. */
    private record Resolved(CompletedCheckpoint checkpoint, long highestId) {
    }

    private io.ebbflow.core.cluster.SharedMap<CheckpointPointer> pointers() {
        return node.map(io.ebbflow.core.state.SharedMaps.CHECKPOINTS, CheckpointPointer.class);
    }

    private Future<Void> bindEndpoints(JobEntry claimed) {
        entry = claimed;
        epoch = claimed.jobMasterEpoch();
        inbox = new Inbox(vertx, "job-master", config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes(), node.meterRegistry());
        inbox.bindSync(Endpoints.JM_OFFER_SLOTS.of(jobId), this::offerSlots);
        inbox.bindSync(Endpoints.JM_DISCONNECT_TASK_EXECUTOR.of(jobId), this::disconnectTaskExecutor);
        inbox.bindSync(Endpoints.JM_RESOURCE_QUOTA.of(jobId), this::resourceQuota);
        inbox.bindSync(Endpoints.JM_JOB_DETAILS.of(jobId), r -> details());
        inbox.bindSync(Endpoints.JM_TASK_STATE.of(jobId), this::taskState);
        inbox.bindSync(Endpoints.JM_TASK_METRICS.of(jobId), this::taskMetrics);
        inbox.bindSync(Endpoints.JM_ACKNOWLEDGE_CHECKPOINT.of(jobId), this::acknowledgeCheckpoint);
        inbox.bindSync(Endpoints.JM_DECLINE_CHECKPOINT.of(jobId), this::declineCheckpoint);
        inbox.bindSync(Endpoints.JM_CHECKPOINTS.of(jobId), r -> checkpointStats());
        inbox.bindSync(Endpoints.JM_ACCUMULATORS.of(jobId), r -> new JobAccumulators(accumulators()));
        inbox.bindSync(Endpoints.JM_TRIGGER_SAVEPOINT.of(jobId), this::triggerSavepoint);
        inbox.bindSync(Endpoints.JM_SAVEPOINT_STATUS.of(jobId), this::savepointStatus);
        inbox.bindSync(Endpoints.JM_UPDATE_REQUIREMENTS.of(jobId), this::updateRequirements);
        inbox.bindSync(Endpoints.JM_RESCALES.of(jobId), r -> rescales());
        inbox.bindSync(Endpoints.JM_CANCEL_JOB.of(jobId), r -> cancelJob());
        inbox.subscribe(Addresses.RM_STARTED, ResourceManagerStarted.class, m -> resourceManagerConnection.announced(m.rmEpoch()));
        membership = node.membership().addListener(this::nodeLeft);
        resourceManagerConnection = new ResourceManagerConnection<>("JobMaster of job " + jobId, config, timers, clock,
                () -> resourceManager.registerJobMaster(
                        new RegisterJobMaster(jobId, job.name(), epoch, node.nodeId(), pool.declaration())),
                JobMasterRegistered::rmEpoch, this::registered, null, null);
        acquisitionTimer = Timer.builder("ebbflow.jobmanager.slot.acquisition")
                .description("Time from the job being short of slots it is entitled to until a slot was accepted")
                .tag("job_id", jobId).publishPercentiles(0.5, 0.99).register(node.meterRegistry());
        Gauge.builder("ebbflow.jobmanager.job.slots.held", this, j -> j.heldSlots)
                .tag("job_id", jobId).tag("job_name", job.name())
                .description("Slots held by the job's slot pool").register(node.meterRegistry());
        if (runnable != null) {
            long programInterval = runnable.graph().checkpointIntervalMillis();
            Duration interval = programInterval > 0 ? Duration.ofMillis(programInterval)
                    : config.getOptional(CheckpointingOptions.INTERVAL).orElse(null);
            checkpoints = new CheckpointScheduler(jobId, vertx, timers, clock, taskExecutors, pointers(),
                    Path.of(config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)), interval,
                    config.get(CheckpointingOptions.TIMEOUT), config.get(CheckpointingOptions.MIN_PAUSE),
                    config.get(CheckpointingOptions.NUM_RETAINED), config.get(CheckpointingOptions.TOLERABLE_FAILURES),
                    new CheckpointScheduler.RunView() {
                        @Override
                        public JobRun checkpointableRun() {
                            JobRun r = run();
                            return (scheduler instanceof Executing || scheduler instanceof StopWithSavepoint) && r != null
                                    && endTime < 0 && r.status() == JobRun.Status.RUNNING ? r : null;
                        }

                        @Override
                        public void checkpointCompleted(boolean savepoint, boolean pausedSources) {
                            if (savepoint || scheduler == null) {
                                return;
                            }
                            scheduler.onCheckpointCompleted(pausedSources);
                            // A rescale it was for has begun by now; unless the scheduler asked for another
                            // checkpoint for it, the next rescale starts afresh.
                            if (!checkpoints.rescaleCheckpointComing()) {
                                rescaleDueSince = -1;
                            }
                        }

                        @Override
                        public void checkpointFailed(boolean savepoint) {
                            if (!savepoint && scheduler != null) {
                                scheduler.onCheckpointFailed();
                            }
                        }

                        @Override
                        public long epoch() {
                            return epoch;
                        }
                    }, why -> failRun(run(), "checkpointing", null, why));
            restartStrategy = RestartStrategy.from(config, interval != null, new java.util.Random());
            scheduler = new Created<>(new Scheduling(), schedulerSettings(interval));
            registerCheckpointGauges();
        }
        Future<Void> blob = Future.succeededFuture();
        if (runnable != null) {
            blobServer = new BlobServer(vertx, jobId, runnable.jar());
            blob = blobServer.start(config.get(io.ebbflow.core.config.options.ClusterOptions.HOST),
                    config.get(JobManagerOptions.BLOB_SERVER_PORT)).map(url -> {
                        jarUrl = url;
                        return null;
                    });
        }
        return blob.compose(v -> inbox.ready());
    }

    @Override
    public Future<?> stop() {
        timersToCancel.forEach(Cancellable::cancel);
        if (resourceManagerConnection != null) {
            resourceManagerConnection.stop();
        }
        if (membership != null) {
            membership.cancel();
        }
        if (checkpoints != null) {
            checkpoints.stop();
        }
        if (entry != null && endTime < 0) {
            endTime = clock.millis();
            jobStatus = JobStatus.CANCELED;
            entry = new JobEntry(jobId, job.name(), epoch, node.nodeId(), entry.startTime(), endTime, JobStatus.CANCELED);
            store.update(entry);
        }
        if (blobServer != null) {
            blobServer.close();
        }
        LOG.info("JobMaster of job {} stopping: returning {} slots", jobId, pool.held());
        // Deregister first, so the ResourceManager does not hand the slots freed below back to this job.
        Future<?> deregistered = resourceManagerConnection != null && resourceManagerConnection.isRegistered()
                ? resourceManager.deregisterJobMaster(new DeregisterJobMaster(jobId, epoch, "job stopped"))
                        .timeout(GOODBYE_TIMEOUT.toMillis() / 2, TimeUnit.MILLISECONDS)
                : Future.succeededFuture();
        return deregistered
                .transform(ar -> {
                    List<Future<?>> goodbyes = new ArrayList<>();
                    for (String te : pool.allocationsByTaskExecutor().keySet()) {
                        goodbyes.add(taskExecutors.disconnectJobMaster(te, new DisconnectJobMaster(jobId, epoch, "job stopped")));
                    }
                    return Future.join(new ArrayList<>(goodbyes));
                })
                .transform(ar -> store.flushed())
                .timeout(GOODBYE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .transform(ar -> inbox == null ? Future.succeededFuture() : inbox.close())
                .recover(e -> Future.succeededFuture());
    }

    // ------------------------------------------------------------------ ResourceManager

    private void registered(JobMasterRegistered reply) {
        LOG.info("JobMaster of job {} registered with the ResourceManager (epoch {}), place {} in the submission "
                + "order, share {} slots", jobId, reply.rmEpoch(), reply.submissionSeq(), reply.quota());
        applyQuota(reply.quota());
    }

    private void heartbeatToResourceManager() {
        if (!resourceManagerConnection.isRegistered()) {
            return;
        }
        resourceManager.heartbeatFromJobMaster(new JobMasterHeartbeat(jobId, epoch, pool.declaration())).onComplete(ar -> {
            if (ar.succeeded()) {
                resourceManagerConnection.observeEpoch(ar.result().rmEpoch());
                applyQuota(ar.result().quota());
            } else if (BusClient.errorOf(ar.cause()) == ProtocolError.UNKNOWN_SENDER) {
                resourceManagerConnection.lost("the ResourceManager does not know the job (" + ar.cause().getMessage() + ")");
            } else if (BusClient.errorOf(ar.cause()) == ProtocolError.STALE) {
                fenced();
            }
        });
    }

    private Ack resourceQuota(ResourceQuota msg) {
        if (msg.rmEpoch() < resourceManagerConnection.rmEpoch()) {
            throw ProtocolException.stale("ResourceManager epoch " + msg.rmEpoch() + " is older than "
                    + resourceManagerConnection.rmEpoch());
        }
        resourceManagerConnection.observeEpoch(msg.rmEpoch());
        applyQuota(msg.quota());
        return Ack.INSTANCE;
    }

    private void applyQuota(int quota) {
        if (quota != pool.quota()) {
            LOG.info("Job {} share of the cluster is now {} slots (holding {}, desiring {})", jobId, quota, pool.held(),
                    pool.declaration().desiredSlots());
        }
        boolean changed = quota != pool.quota();
        pool.setQuota(quota, clock.millis());
        releaseExcess();
        if (changed) {
            resourcesChanged(); // what the job is entitled to changed, so may whether it has all of it
        }
    }

    // ------------------------------------------------------------------ slots

    private SlotsAccepted offerSlots(OfferSlots offer) {
        int before = pool.held();
        DeclarativeSlotPool.OfferOutcome outcome = pool.offerSlots(offer.taskExecutorId(), offer.nodeId(), offer.host(),
                offer.dataPort(), offer.offers(), clock.millis());
        List<String> accepted = outcome.accepted();
        for (long waited : outcome.waitedMillis()) {
            acquisitionTimer.record(waited, TimeUnit.MILLISECONDS);
            acquisitionListener.slotAcquired(jobId, waited);
        }
        if (!accepted.isEmpty() && !taskExecutorHeartbeats.isMonitored(offer.taskExecutorId())) {
            taskExecutorHeartbeats.monitor(offer.taskExecutorId(), clock.millis());
        }
        if (accepted.size() < offer.offers().size()) {
            LOG.info("Job {} declined {} of {} slots offered by {} (holding {}, entitled to {})", jobId,
                    offer.offers().size() - accepted.size(), offer.offers().size(), offer.taskExecutorId(), pool.held(),
                    pool.entitled());
        }
        if (pool.held() > before) {
            LOG.info("Job {} accepted {} slots from {}; holding {} of {} desired", jobId, pool.held() - before,
                    offer.taskExecutorId(), pool.held(), pool.declaration().desiredSlots());
        }
        afterPoolChange();
        return new SlotsAccepted(offer.offerId(), epoch, node.nodeId(), accepted);
    }

    private Ack disconnectTaskExecutor(DisconnectTaskExecutor msg) {
        JobRun r = run();
        if (r != null && !r.isTerminal() && !r.on(msg.taskExecutorId()).isEmpty() && scheduler != null) {
            // A clean departure is a planned rescale, not a failure: its slots leave the pool now (the next plan
            // does without them), its subtasks keep running until the rescale's checkpoint is taken.
            leavingTaskExecutors.add(msg.taskExecutorId());
            pool.slots().stream().filter(x -> x.taskExecutorId().equals(msg.taskExecutorId())).findFirst()
                    .ifPresent(x -> departedNodes.put(x.taskExecutorNodeId(), msg.taskExecutorId()));
            scheduler.onResourcesLeaving(msg.taskExecutorId() + " (" + msg.reason() + ")");
        }
        removeTaskExecutor(msg.taskExecutorId(), "it is leaving: " + msg.reason());
        return Ack.INSTANCE;
    }

    private void removeTaskExecutor(String taskExecutorId, String why) {
        JobRun r = run();
        boolean running = scheduler instanceof Executing || scheduler instanceof StopWithSavepoint;
        boolean leaving = leavingTaskExecutors.remove(taskExecutorId);
        if (running && !leaving && r != null && !r.isTerminal() && !r.on(taskExecutorId).isEmpty()) {
            failRun(r, r.on(taskExecutorId).get(0).plan.spec().taskName(), taskExecutorId,
                    "TaskExecutor " + taskExecutorId + " was lost: " + why);
        }
        if (!leaving) {
            // Subtasks on a TaskExecutor that is gone will never report: they count as ended.
            liveRuns.forEach(x -> x.lost(taskExecutorId, clock.millis()));
        }
        List<DeclarativeSlotPool.PooledSlot> lost = pool.removeTaskExecutor(taskExecutorId, clock.millis());
        taskExecutorHeartbeats.stop(taskExecutorId);
        if (!lost.isEmpty()) {
            LOG.info("Job {} lost {} slots on TaskExecutor {}: {}; holding {}", jobId, lost.size(), taskExecutorId, why,
                    pool.held());
            afterPoolChange();
        }
    }

    private void releaseExcess() {
        for (DeclarativeSlotPool.PooledSlot s : pool.releaseExcess(clock.millis())) {
            LOG.info("Job {} returns slot {} on {} ({})", jobId, s.slotIndex(), s.taskExecutorId(), s.allocationId());
            taskExecutors.freeSlot(s.taskExecutorId(), new FreeSlot(jobId, epoch, s.allocationId(),
                    "the job holds more slots than its share or target"))
                    .onFailure(e -> LOG.debug("Could not return slot {}: {} (the next heartbeat frees it)",
                            s.allocationId(), e.toString()));
        }
        afterPoolChange();
    }

    private void afterPoolChange() {
        heldSlots = pool.held();
        java.util.Set<String> held = new java.util.HashSet<>();
        pool.slots().forEach(x -> held.add(x.allocationId()));
        if (!held.equals(lastHeld)) {
            lastHeld = held;
            resourcesChanged();
        }
    }

    /** The scheduler's timeouts from the configuration, with reactive mode's overrides where not set explicitly. */
    private SchedulerSettings schedulerSettings(Duration checkpointInterval) {
        boolean reactive = config.getOptional(JobManagerOptions.SCHEDULER_MODE).isPresent();
        Duration wait = reactive && !config.contains(JobManagerOptions.RESOURCE_WAIT_TIMEOUT) ? Duration.ofMillis(-1)
                : config.get(JobManagerOptions.RESOURCE_WAIT_TIMEOUT);
        Duration stabilization = reactive && !config.contains(JobManagerOptions.RESOURCE_STABILIZATION_TIMEOUT)
                ? Duration.ZERO : config.get(JobManagerOptions.RESOURCE_STABILIZATION_TIMEOUT);
        int failures = config.get(JobManagerOptions.RESCALE_TRIGGER_MAX_CHECKPOINT_FAILURES);
        Duration maxDelay = config.getOptional(JobManagerOptions.RESCALE_TRIGGER_MAX_DELAY).orElse(
                checkpointInterval == null ? Duration.ZERO : checkpointInterval.multipliedBy(failures + 1L));
        return new SchedulerSettings(wait, stabilization, config.get(JobManagerOptions.EXECUTING_COOLDOWN),
                config.get(JobManagerOptions.EXECUTING_STABILIZATION), maxDelay, failures,
                config.get(JobManagerOptions.MIN_PARALLELISM_INCREASE));
    }

    // ------------------------------------------------------------------ heartbeats and liveness

    private void heartbeats() {
        heartbeatToResourceManager();
        for (Map.Entry<String, List<String>> e : pool.allocationsByTaskExecutor().entrySet()) {
            String te = e.getKey();
            taskExecutors.heartbeatFromJobMaster(te, new AllocatedSlotReport(jobId, epoch, node.nodeId(), e.getValue()))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            taskExecutorHeartbeats.received(te, clock.millis());
                            for (String unknown : ar.result().unknownAllocationIds()) {
                                pool.removeSlot(unknown, clock.millis()).ifPresent(s -> LOG.info(
                                        "TaskExecutor {} no longer holds slot {} for job {}; dropped", te, unknown, jobId));
                            }
                            afterPoolChange();
                        } else if (BusClient.errorOf(ar.cause()) == ProtocolError.STALE) {
                            fenced();
                        } else if (BusClient.isUnreachable(ar.cause()) && taskExecutorHeartbeats.unreachable(te)) {
                            removeTaskExecutor(te, "unreachable for " + config.get(HeartbeatOptions.RPC_FAILURE_THRESHOLD)
                                    + " heartbeats");
                        }
                    });
        }
    }

    private void nodeLeft(String nodeId) {
        String departed = departedNodes.remove(nodeId);
        if (departed != null) {
            // Its process is gone: subtasks it still ran will never report.
            liveRuns.forEach(x -> x.lost(departed, clock.millis()));
            if (scheduler != null) {
                scheduler.onExecutionStateChange();
            }
        }
        for (String te : pool.taskExecutorsOnNode(nodeId)) {
            removeTaskExecutor(te, "its process left the cluster");
        }
    }

    private void housekeeping() {
        for (String te : taskExecutorHeartbeats.expire(clock.millis())) {
            removeTaskExecutor(te, "no heartbeat within " + config.get(HeartbeatOptions.TIMEOUT).toSeconds() + " s");
        }
        releaseExcess();
    }

    // ------------------------------------------------------------------ running the job

    /** What creating an execution prepares off the event loop. */
    private record Prepared(ExecutionPlan plan, Map<String, String> allocations, List<SubmitTask> messages,
            CompletedCheckpoint restoredFrom, Map<Long, String> unreadable) {
    }

    /** The current execution (running, or being cancelled), if any. */
    private JobRun run() {
        return scheduler == null ? null : scheduler.execution();
    }

    /**
     * The Adaptive Scheduler's view of this JobMaster: its states act through this, always on the event
     * loop. Building the plan and reading checkpoint metadata run off the loop.
     */
    private final class Scheduling implements SchedulerContext<JobRun> {

        @Override
        public long now() {
            return clock.millis();
        }

        @Override
        public Cancellable runIfState(SchedulerState<JobRun> state, Duration delay, Runnable action) {
            return timers.schedule(delay, () -> {
                if (scheduler == state) {
                    action.run();
                }
            });
        }

        @Override
        public boolean isCurrent(SchedulerState<JobRun> state) {
            return scheduler == state;
        }

        @Override
        public void transitionTo(SchedulerState<JobRun> next) {
            SchedulerState<JobRun> previous = scheduler;
            if (previous != null) {
                previous.onLeave();
            }
            jobTimes.enter(next, clock.millis());
            scheduler = next;
            historyPhase(next);
            LOG.info("Job {}: {} -> {}", jobId, previous == null ? "-" : previous.name(), next.name());
            next.onEnter();
        }

        @Override
        public boolean hasDesiredResources() {
            // Everything the job wants, or everything it is entitled to: a job that holds its whole fair share of
            // the cluster has all it can get (in reactive mode the target, max parallelism, is rarely reachable).
            return pool.held() >= pool.entitled();
        }

        @Override
        public java.util.Optional<Map<String, Integer>> parallelismFromHeldSlots() {
            return SlotSharingAllocator.determineParallelism(allocatorVertices, pool.held());
        }

        @Override
        public void createExecution(Map<String, Integer> parallelism, Creation<JobRun> callback) {
            deploy(parallelism, callback);
        }

        @Override
        public Map<String, Integer> parallelismOf(JobRun r) {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (io.ebbflow.runtime.graph.JobVertex v : runnable.graph().vertices()) {
                out.put(v.id(), r.plan().parallelismOf(v.id()));
            }
            return out;
        }

        @Override
        public void cancel(JobRun r) {
            r.cancel();
            cancelSubtasks(r);
        }

        @Override
        public boolean hasTerminated(JobRun r) {
            boolean done = r.subtasks().stream().allMatch(JobRun.Subtask::terminal);
            if (done && liveRuns.remove(r)) {
                lastEndedRun = r;
                accumulatorsSnapshot(r);
                pool.release(r.allocationIds(), clock.millis());
            }
            return done;
        }

        @Override
        public boolean hasFinished(JobRun r) {
            return r.subtasks().stream().allMatch(x -> x.state == io.ebbflow.core.job.ExecutionState.FINISHED);
        }

        @Override
        public java.util.Optional<Duration> restartBackoff(String cause) {
            return restartStrategy == null ? java.util.Optional.empty() : restartStrategy.onFailure(clock.millis());
        }

        @Override
        public boolean checkpointing() {
            return checkpoints != null && checkpoints.periodicEnabled();
        }

        @Override
        public void triggerCheckpointForRescale() {
            if (checkpoints != null) {
                if (rescaleDueSince < 0) {
                    rescaleDueSince = clock.millis();
                }
                checkpoints.triggerForRescale();
            }
        }

        @Override
        public void abortPendingCheckpoint(String reason) {
            if (checkpoints != null) {
                checkpoints.abortPending(reason);
            }
        }

        @Override
        public void restartBegins(boolean rescale, String cause, Map<String, Integer> before) {
            if (rescale) {
                rescales++;
            } else {
                restarts++;
            }
            String firstLine = cause == null ? "" : cause.lines().findFirst().orElse("");
            long now = clock.millis();
            rescaleHistory.begin(rescale, firstLine, before, rescale && rescaleDueSince >= 0 ? rescaleDueSince : now, now);
            rescaleDueSince = -1;
            LOG.info("Job {} {} from {} ({}): {}", jobId, rescale ? "rescales" : "restarts in "
                    + "its restart strategy's backoff", checkpoints == null ? "the beginning"
                            : checkpoints.latest().or(() -> java.util.Optional.ofNullable(initialRestore))
                                    .map(c -> "checkpoint " + c.checkpointId()).orElse("the beginning"),
                    restartStrategy == null ? "-" : restartStrategy.describe(), firstLine);
        }

        @Override
        public void executionDeployed(Map<String, Integer> parallelism) {
            rescaleHistory.deployed(parallelism, clock.millis());
        }

        @Override
        public void jobTerminated(JobStatus status, String cause) {
            if (cause != null && status == JobStatus.FAILED) {
                exceptions.add(0, new ExceptionView(clock.millis(), null, null, cause));
            }
            endJob(status);
        }
    }

    /** A rescale or restart in progress enters the phase of the scheduler's new state. */
    private void historyPhase(SchedulerState<JobRun> next) {
        long now = clock.millis();
        if (next instanceof io.ebbflow.jm.adaptive.Finished) {
            rescaleHistory.end(now);
        } else if (next instanceof io.ebbflow.jm.adaptive.WaitingForResources) {
            rescaleHistory.phase("waiting for resources", now);
        } else if (next instanceof io.ebbflow.jm.adaptive.CreatingExecutionGraph) {
            rescaleHistory.phase("plan", now);
        } else if (next instanceof io.ebbflow.jm.adaptive.Canceling || next instanceof io.ebbflow.jm.adaptive.Failing) {
            rescaleHistory.phase(next.name(), now);
        }
    }

    /** The held slots changed: the scheduler's current state decides what follows. */
    private void resourcesChanged() {
        if (scheduler != null && restoreResolved) {
            scheduler.onNewResources();
        }
    }

    /** Starts scheduling once the job knows what it restores from. */
    private void startScheduling() {
        if (scheduler instanceof Created<JobRun> created) {
            created.startScheduling();
        }
    }

    private void deploy(Map<String, Integer> parallelism, SchedulerContext.Creation<JobRun> callback) {
        long now = clock.millis();
        Map<String, Integer> groupSlots = SlotSharingAllocator.slotsPerGroup(allocatorVertices, parallelism);
        // Slot k of a slot-sharing group hosts subtask k of every vertex in the group.
        Map<String, List<DeclarativeSlotPool.PooledSlot>> slotsOfGroup = new LinkedHashMap<>();
        List<DeclarativeSlotPool.PooledSlot> chosen;
        try {
            chosen = pool.chooseFree(groupSlots.values().stream().mapToInt(i -> i).sum());
        } catch (IllegalStateException e) {
            callback.slotsGone(e.getMessage());
            return;
        }
        int next = 0;
        for (Map.Entry<String, Integer> g : groupSlots.entrySet()) {
            slotsOfGroup.put(g.getKey(), chosen.subList(next, next + g.getValue()));
            next += g.getValue();
        }
        pool.reserve(chosen.stream().map(DeclarativeSlotPool.PooledSlot::allocationId).toList(), now);
        entry = new JobEntry(jobId, job.name(), epoch, node.nodeId(), entry.startTime(), -1, JobStatus.RUNNING);
        store.update(entry);
        // Newest first: the retained checkpoints, else what the job started from.
        List<CompletedCheckpoint> candidates = new ArrayList<>(checkpoints.retainedNewestFirst());
        if (candidates.isEmpty() && initialRestore != null) {
            candidates.add(initialRestore);
        }
        int thisAttempt = ++attempt;
        LOG.info("Job {} deploys with parallelism {} on {} slots{}", jobId, parallelism, chosen.size(),
                candidates.isEmpty() ? "" : " from " + (candidates.get(0).savepoint() ? "savepoint " : "checkpoint ")
                        + candidates.get(0).checkpointId());
        ClassLoader cl = runnable.classLoader();
        vertx.executeBlocking(() -> {
            Thread.currentThread().setContextClassLoader(cl);
            // A checkpoint whose files went missing or bad is reported and the one before it is used.
            CompletedCheckpoint restoreFrom = null;
            Map<Long, String> unreadable = new LinkedHashMap<>();
            for (CompletedCheckpoint c : candidates) {
                try {
                    CheckpointStorage.readMetadata(Path.of(c.directory()));
                    restoreFrom = c;
                    break;
                } catch (java.io.IOException e) {
                    unreadable.put(c.checkpointId(), e.getMessage());
                }
            }
            if (restoreFrom == null && !candidates.isEmpty()) {
                throw new IllegalStateException("no checkpoint of the job can be read: " + unreadable);
            }
            ExecutionPlan plan = ExecutionPlan.create(jobId, runnable.graph(), parallelism, (vertex, i) -> {
                DeclarativeSlotPool.PooledSlot s = slotsOfGroup.get(runnable.vertex(vertex).slotSharingGroup()).get(i);
                return new ExecutionPlan.Location(s.taskExecutorId(), s.host(), s.dataPort());
            }, thisAttempt, restoreFrom);
            Map<String, String> allocations = new HashMap<>();
            for (ExecutionPlan.Subtask st : plan.subtasks()) {
                allocations.put(st.executionId(), slotsOfGroup.get(runnable.vertex(st.vertexId()).slotSharingGroup())
                        .get(st.index()).allocationId());
            }
            return new Prepared(plan, allocations, Deployments.of(jobId, epoch, plan, allocations, cl, jarUrl,
                    runnable.sha256()), restoreFrom, unreadable);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                pool.release(chosen.stream().map(DeclarativeSlotPool.PooledSlot::allocationId).toList(), clock.millis());
                LOG.error("Job {} cannot be deployed", jobId, ar.cause());
                exceptions.add(0, new ExceptionView(clock.millis(), null, null, StackTraces.of(ar.cause(), MAX_TRACE_CHARS)));
                callback.failed(ar.cause());
                return;
            }
            Prepared prepared = ar.result();
            prepared.unreadable().forEach((id, why) -> {
                LOG.warn("Job {}: checkpoint {} cannot be restored ({}); using the one before it", jobId, id, why);
                exceptions.add(0, new ExceptionView(clock.millis(), null, null, "checkpoint " + id
                        + " cannot be restored: " + why));
                checkpoints.dropRetained(id);
            });
            // The planned slots must still be ours (a TaskExecutor may have gone while the plan was built).
            if (!chosen.stream().allMatch(c -> pool.contains(c.allocationId()))) {
                pool.release(chosen.stream().map(DeclarativeSlotPool.PooledSlot::allocationId).toList(), clock.millis());
                callback.slotsGone("a planned slot is gone");
                return;
            }
            JobRun created = new JobRun(prepared.plan(), prepared.allocations(), clock.millis());
            liveRuns.add(created);
            restoredCheckpointOfRun = prepared.restoredFrom() == null ? -1 : prepared.restoredFrom().checkpointId();
            if (lastEndedRun != null) {
                // What the sources of the execution that ended read after the point this one resumes from.
                JobRun.ReadAgain again = lastEndedRun.readAfter(Math.max(0, restoredCheckpointOfRun));
                rescaleHistory.reprocessed(again.records(), again.unknownSources());
            }
            if (prepared.restoredFrom() != null) {
                checkpoints.restoredFrom(prepared.restoredFrom());
            }
            callback.deployed(created);
            // Deployments.of gives one message per subtask, in the plan's order.
            for (int i = 0; i < prepared.messages().size(); i++) {
                SubmitTask m = prepared.messages().get(i);
                String te = prepared.plan().subtasks().get(i).location().taskExecutorId();
                taskExecutors.submitTask(te, m).onFailure(e -> failRun(created, m.taskName(), te,
                        "deployment of " + m.taskName() + " (" + (m.subtaskIndex() + 1) + "/" + m.parallelism()
                                + ") to " + te + " failed: " + e.getMessage()));
            }
        });
    }

    private Ack taskState(TaskStateUpdate update) {
        JobRun current = run();
        boolean known = false;
        for (JobRun r : new ArrayList<>(liveRuns)) {
            java.util.Optional<JobRun.Status> changed = r.onTaskState(update.executionId(), update.state(),
                    update.taskExecutorId(), update.failureCause(), update.readAfterCheckpoints(), clock.millis());
            known |= r.subtasks().stream().anyMatch(s -> s.plan.executionId().equals(update.executionId()));
            if (r == current && changed.isPresent() && changed.get() == JobRun.Status.FAILED) {
                onRunFailure(r);
            }
            if (r == current && changed.isPresent() && changed.get() == JobRun.Status.RUNNING) {
                rescaleHistory.end(clock.millis());
            }
        }
        if (!known && liveRuns.isEmpty()) {
            throw ProtocolException.notFound("job " + jobId + " has no running execution");
        }
        if (scheduler != null) {
            scheduler.onExecutionStateChange();
        }
        return Ack.INSTANCE;
    }

    private Ack taskMetrics(TaskMetricsReport report) {
        for (JobRun r : liveRuns) {
            report.tasks().forEach(r::onMetrics);
        }
        return Ack.INSTANCE;
    }

    /** The execution fails for a reason outside its subtasks (a lost TaskExecutor, a deployment error). */
    private void failRun(JobRun r, String taskName, String taskExecutorId, String cause) {
        if (r != null && r.fail(taskName, taskExecutorId, cause, clock.millis()) && r == run()) {
            onRunFailure(r);
        }
    }

    /** The current execution failed: the failure is recorded and the scheduler's state decides. */
    private void onRunFailure(JobRun failed) {
        failed.failure().ifPresent(f -> {
            LOG.error("Job {}: {} on TaskExecutor {} failed with\n{}", jobId, f.taskName(), f.taskExecutorId(), f.cause());
            exceptions.add(0, new ExceptionView(f.timestamp(), f.taskName(), f.taskExecutorId(), f.cause()));
            while (exceptions.size() > 100) {
                exceptions.remove(exceptions.size() - 1);
            }
            boolean corrupt = f.cause() != null && f.cause().contains("CorruptStateException");
            if (corrupt && restoredCheckpointOfRun > 0 && checkpoints != null) {
                LOG.warn("Job {}: checkpoint {} is corrupt; the next restart uses the one before it", jobId,
                        restoredCheckpointOfRun);
                checkpoints.dropRetained(restoredCheckpointOfRun);
            }
        });
        scheduler.onFailure(failed.failure().map(JobRun.Failure::cause).orElse("unknown failure"));
    }

    private void cancelSubtasks(JobRun r) {
        for (JobRun.Subtask s : r.subtasks()) {
            if (!s.terminal()) {
                taskExecutors.cancelTask(s.plan.location().taskExecutorId(), new CancelTask(jobId, epoch, s.plan.executionId()))
                        .onFailure(e -> LOG.debug("Cancelling {} failed: {}", s.plan.executionId(), e.toString()));
            }
        }
    }

    // ------------------------------------------------------------------ requirements and rescales

    /**
     * New vertex bounds ({@code PUT /jobs/:jobid/resource-requirements}): validated as Flink does (every
     * vertex, nothing else; -1 is 1 below and the max parallelism above; 1 <= lower <= upper <= max),
     * declared to the ResourceManager, and handed to the scheduler, which rescales when the slots allow.
     * Not in reactive mode.
     */
    private Ack updateRequirements(io.ebbflow.core.protocol.JobMasterMessages.UpdateRequirements msg) {
        if (runnable == null) {
            throw ProtocolException.notFound("job " + jobId + " has no dataflow whose requirements could change");
        }
        if (SchedulerModes.reactive(config)) {
            throw ProtocolException.conflict("resource requirements cannot be changed in reactive mode: every vertex "
                    + "uses as many slots as it gets");
        }
        List<String> errors = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        runnable.graph().vertices().forEach(v -> ids.add(v.id()));
        for (String id : ids) {
            if (!msg.vertices().containsKey(id)) {
                errors.add("vertex " + id + " is missing");
            }
        }
        List<SlotSharingAllocator.Vertex> updated = new ArrayList<>();
        for (Map.Entry<String, io.ebbflow.core.protocol.JobMasterMessages.Bounds> e : msg.vertices().entrySet()) {
            if (!ids.contains(e.getKey())) {
                errors.add("vertex " + e.getKey() + " is not in the job");
                continue;
            }
            io.ebbflow.runtime.graph.JobVertex v = runnable.vertex(e.getKey());
            int lower = e.getValue().lowerBound() == -1 ? 1 : e.getValue().lowerBound();
            int upper = e.getValue().upperBound() == -1 ? v.maxParallelism() : e.getValue().upperBound();
            if (lower < 1 || upper < 1) {
                errors.add("vertex " + v.id() + ": bounds must be at least 1 (or -1), got lowerBound " + lower
                        + ", upperBound " + upper);
            } else if (lower > upper) {
                errors.add("vertex " + v.id() + ": lowerBound " + lower + " is above upperBound " + upper);
            } else if (upper > v.maxParallelism()) {
                errors.add("vertex " + v.id() + ": upperBound " + upper + " is above its max parallelism "
                        + v.maxParallelism());
            }
            updated.add(new SlotSharingAllocator.Vertex(v.id(), v.slotSharingGroup(), lower, upper));
        }
        if (!errors.isEmpty()) {
            throw ProtocolException.malformed(String.join("; ", errors));
        }
        allocatorVertices = updated;
        Map<String, int[]> groups = new java.util.TreeMap<>();
        for (SlotSharingAllocator.Vertex v : updated) {
            int[] g = groups.computeIfAbsent(v.group(), k -> new int[2]);
            g[0] = Math.max(g[0], v.min());
            g[1] = Math.max(g[1], v.target());
        }
        int min = groups.values().stream().mapToInt(g -> g[0]).sum();
        int desired = groups.values().stream().mapToInt(g -> g[1]).sum();
        pool.setRequirement(min, desired, clock.millis());
        LOG.info("Job {} requirements changed: {} (needs {} to {} slots)", jobId, updated, min, desired);
        heartbeatToResourceManager();
        if (scheduler != null) {
            scheduler.onNewRequirements();
        }
        releaseExcess();
        return Ack.INSTANCE;
    }

    /** The user cancels the job: the scheduler cancels what runs, and the job ends CANCELED. */
    private Ack cancelJob() {
        if (scheduler == null) {
            LOG.info("Job {} cancelled", jobId);
            endJob(JobStatus.CANCELED);
        } else {
            LOG.info("Job {} cancelled in {}", jobId, scheduler.name());
            scheduler.cancel();
        }
        return Ack.INSTANCE;
    }

    private io.ebbflow.core.protocol.JobMasterMessages.JobRescales rescales() {
        List<io.ebbflow.core.protocol.JobMasterMessages.RescaleView> history = rescaleHistory.entries().stream()
                .map(e -> new io.ebbflow.core.protocol.JobMasterMessages.RescaleView(e.id(), e.rescale(), e.cause(),
                        e.before(), e.after(), e.start(), e.end(), e.phases().stream()
                                .map(p -> new io.ebbflow.core.protocol.JobMasterMessages.PhaseView(p.name(), p.start(), p.end()))
                                .toList(), e.reprocessed(), e.unknownSources())).toList();
        io.ebbflow.jm.adaptive.StateTransitionManager stm = scheduler == null ? null : scheduler.transitionManager();
        Map<String, String> settings = new LinkedHashMap<>();
        for (io.ebbflow.core.config.ConfigOption<?> o : List.of(JobManagerOptions.SCHEDULER, JobManagerOptions.SCHEDULER_MODE,
                JobManagerOptions.RESOURCE_WAIT_TIMEOUT, JobManagerOptions.RESOURCE_STABILIZATION_TIMEOUT,
                JobManagerOptions.EXECUTING_COOLDOWN, JobManagerOptions.EXECUTING_STABILIZATION,
                JobManagerOptions.RESCALE_TRIGGER_MAX_DELAY, JobManagerOptions.RESCALE_TRIGGER_MAX_CHECKPOINT_FAILURES,
                JobManagerOptions.MIN_PARALLELISM_INCREASE)) {
            config.getOptional(o).ifPresent(v -> settings.put(o.key(), String.valueOf(v)));
        }
        return new io.ebbflow.core.protocol.JobMasterMessages.JobRescales(history, rescales, restarts,
                scheduler == null ? "Created" : scheduler.name(), stm == null ? null : stm.phase().name(),
                stm == null ? -1 : stm.phaseDeadline(), settings);
    }

    // ------------------------------------------------------------------ checkpoints, savepoints, accumulators

    private Ack acknowledgeCheckpoint(io.ebbflow.core.protocol.JobMasterMessages.AcknowledgeCheckpoint ack) {
        if (checkpoints == null) {
            throw ProtocolException.notFound("job " + jobId + " takes no checkpoints");
        }
        checkpoints.acknowledge(ack);
        return Ack.INSTANCE;
    }

    private Ack declineCheckpoint(io.ebbflow.core.protocol.JobMasterMessages.DeclineCheckpoint decline) {
        if (checkpoints != null) {
            checkpoints.decline(decline);
        }
        return Ack.INSTANCE;
    }

    private io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints checkpointStats() {
        if (checkpoints == null) {
            throw ProtocolException.notFound("job " + jobId + " takes no checkpoints");
        }
        return checkpoints.stats();
    }

    /** The job's accumulators: the latest reports of the current run's subtasks, summed. */
    private Map<String, Long> accumulators() {
        JobRun run = run();
        if (run == null) {
            return lastAccumulators;
        }
        Map<String, Long> sum = run.accumulators();
        return sum != null ? sum : lastAccumulators;
    }

    /** Keeps an ending run's accumulators, shown until the next run reports. */
    private void accumulatorsSnapshot(JobRun r) {
        Map<String, Long> sum = r.accumulators();
        if (sum != null && !sum.isEmpty()) {
            lastAccumulators = sum;
        }
    }

    private io.ebbflow.core.protocol.JobMasterMessages.SavepointTriggered triggerSavepoint(
            io.ebbflow.core.protocol.JobMasterMessages.TriggerSavepoint request) {
        if (checkpoints == null) {
            throw ProtocolException.notFound("job " + jobId + " has no runnable dataflow");
        }
        if (request.stop() && !(scheduler instanceof Executing)) {
            throw ProtocolException.conflict("job " + jobId + " is " + (scheduler == null ? "not scheduled"
                    : scheduler.name()) + ", not running: it cannot stop with a savepoint now");
        }
        String requestId = java.util.UUID.randomUUID().toString().replace("-", "");
        SavepointOperation op = new SavepointOperation(requestId, request.stop());
        if (request.stop()) {
            ((Executing<JobRun>) scheduler).stopWithSavepoint();
        }
        savepointOps.put(requestId, op);
        while (savepointOps.size() > 100) {
            savepointOps.remove(savepointOps.keySet().iterator().next());
        }
        Path dir = Path.of(request.targetDirectory() != null ? request.targetDirectory()
                : config.get(CheckpointingOptions.SAVEPOINTS_DIRECTORY))
                .resolve("savepoint-" + jobId + "-" + requestId.substring(0, 12)).toAbsolutePath();
        attemptSavepoint(op, dir.toString(), clock.millis() + config.get(CheckpointingOptions.TIMEOUT).toMillis());
        return new io.ebbflow.core.protocol.JobMasterMessages.SavepointTriggered(requestId);
    }

    /** Triggers the savepoint, waiting (briefly, repeatedly) while a periodic checkpoint is in progress. */
    private void attemptSavepoint(SavepointOperation op, String dir, long deadline) {
        checkpoints.trigger(dir).onComplete(ar -> {
            if (ar.succeeded()) {
                op.status = "COMPLETED";
                op.location = ar.result().directory();
                LOG.info("Savepoint of job {} stored at {}", jobId, op.location);
                Future<?> recorded = recordSavepoint(op);
                if (op.stop) {
                    LOG.info("Job {} stops after its savepoint", jobId);
                    recorded.onComplete(r -> scheduler.onStopSavepoint(op.location, null));
                }
            } else if (ar.cause() instanceof CheckpointScheduler.InProgressException && clock.millis() < deadline) {
                timers.schedule(Duration.ofMillis(100), () -> attemptSavepoint(op, dir, deadline));
            } else {
                op.status = "COMPLETED";
                op.failure = ar.cause().getMessage();
                LOG.warn("Savepoint of job {} failed: {}", jobId, op.failure);
                recordSavepoint(op);
                if (op.stop) {
                    scheduler.onStopSavepoint(null, op.failure);
                }
            }
        });
    }

    /** The savepoint's outcome goes to the cluster, where it outlives this JobMaster. */
    private Future<?> recordSavepoint(SavepointOperation op) {
        return node.map(io.ebbflow.core.state.SharedMaps.SAVEPOINTS, io.ebbflow.core.state.SavepointRecord.class)
                .write(op.requestId, io.ebbflow.core.cluster.SharedMap.ANY_VERSION, epoch,
                        new io.ebbflow.core.state.SavepointRecord(jobId, op.requestId, op.status, op.location, op.failure))
                .timeout(GOODBYE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .onFailure(e -> LOG.warn("Could not record savepoint {} of job {} in the cluster: {}", op.requestId, jobId,
                        e.toString()));
    }


    private io.ebbflow.core.protocol.JobMasterMessages.SavepointStatus savepointStatus(
            io.ebbflow.core.protocol.JobMasterMessages.SavepointStatusRequest request) {
        SavepointOperation op = savepointOps.get(request.requestId());
        if (op == null) {
            throw ProtocolException.notFound("no savepoint request " + request.requestId() + " for job " + jobId);
        }
        return new io.ebbflow.core.protocol.JobMasterMessages.SavepointStatus(op.requestId, op.status, op.location,
                op.failure);
    }

    /** Flink's checkpoint metrics of the job, as gauges. */
    private void registerCheckpointGauges() {
        io.micrometer.core.instrument.MeterRegistry registry = node.meterRegistry();
        Gauge.builder("flink.jobmanager.job.lastCheckpointDuration", this,
                j -> j.checkpoints.lastCompleted() == null ? -1 : j.checkpoints.lastCompleted().duration())
                .tag("job_id", jobId).tag("job_name", job.name()).description("Duration of the last completed checkpoint (ms)")
                .register(registry);
        Gauge.builder("flink.jobmanager.job.lastCheckpointSize", this,
                j -> j.checkpoints.lastCompleted() == null ? -1 : j.checkpoints.lastCompleted().stateSize())
                .tag("job_id", jobId).tag("job_name", job.name()).description("State size of the last completed checkpoint (bytes)")
                .register(registry);
        Gauge.builder("flink.jobmanager.job.numberOfCompletedCheckpoints", this, j -> j.checkpoints.completedCount())
                .tag("job_id", jobId).tag("job_name", job.name()).description("Completed checkpoints").register(registry);
        Gauge.builder("flink.jobmanager.job.numberOfFailedCheckpoints", this, j -> j.checkpoints.failedCount())
                .tag("job_id", jobId).tag("job_name", job.name()).description("Failed checkpoints").register(registry);
        Gauge.builder("flink.jobmanager.job.lastCheckpointRestoreTimestamp", this, j -> j.checkpoints.restoredAt())
                .tag("job_id", jobId).tag("job_name", job.name())
                .description("When the job last restored a checkpoint (epoch ms, -1 never)").register(registry);
        Gauge.builder("flink.jobmanager.job.numRestarts", this, j -> j.restarts)
                .tag("job_id", jobId).tag("job_name", job.name()).description("Restarts after failures").register(registry);
        Gauge.builder("flink.jobmanager.job.numRescales", this, j -> j.rescales)
                .tag("job_id", jobId).tag("job_name", job.name()).description("Rescales").register(registry);
        Gauge.builder("flink.jobmanager.job.uptime", this, j -> j.jobTimes.uptime(j.clock.millis()))
                .tag("job_id", jobId).tag("job_name", job.name())
                .description("Milliseconds the job has been running since its last (re)start, 0 while not running")
                .register(registry);
        Gauge.builder("flink.jobmanager.job.downtime", this, j -> j.jobTimes.downtime(j.clock.millis()))
                .tag("job_id", jobId).tag("job_name", job.name())
                .description("Milliseconds the job has been restarting or rescaling, 0 while running").register(registry);
        Gauge.builder("flink.jobmanager.job.restartingTime", this, j -> j.jobTimes.restartingTime(j.clock.millis()))
                .tag("job_id", jobId).tag("job_name", job.name())
                .description("Milliseconds the last (or current) restart or rescale took until running again")
                .register(registry);
    }

    /**
     * The job reached a globally terminal state: it gives its slots back, records the outcome in the job
     * registry, and this JobMaster process ends (as in Flink's application mode).
     */
    private void endJob(JobStatus state) {
        if (endTime >= 0) {
            return;
        }
        endTime = clock.millis();
        jobStatus = state;
        entry = new JobEntry(jobId, job.name(), epoch, node.nodeId(), entry.startTime(), endTime, state);
        store.update(entry);
        LOG.info("Job {} ({}) {} after {} ms", jobId, job.name(), state, endTime - entry.startTime());
        pool.releaseAll(endTime);
        process.exit(state == JobStatus.FAILED ? 1 : 0, "job " + jobId + " " + state);
    }

    private void fenced() {
        process.exit(1, "a newer JobMaster of job " + jobId + " exists; this one (epoch " + epoch + ") stops");
    }

    // ------------------------------------------------------------------ details

    private JobDetails details() {
        boolean sufficient = pool.held() >= requirements.minSlots();
        JobRun run = run();
        List<VertexView> vertices = new ArrayList<>();
        for (io.ebbflow.core.job.VertexDescription v : job.vertices()) {
            boolean running = run != null;
            int parallelism = running ? run.plan().parallelismOf(v.id()) : 0;
            int maxParallelism = runnable != null ? runnable.vertex(v.id()).maxParallelism() : v.maxParallelism();
            boolean source = runnable != null && runnable.vertex(v.id()).isSource();
            SlotSharingAllocator.Vertex bounds = allocatorVertices.stream().filter(a -> a.id().equals(v.id())).findFirst()
                    .orElse(new SlotSharingAllocator.Vertex(v.id(), v.slotSharingGroup(), v.minParallelism(),
                            v.targetParallelism()));
            vertices.add(new VertexView(v.id(), v.name(), v.slotSharingGroup(), bounds.min(), bounds.target(),
                    maxParallelism, parallelism, running ? run.vertexStatus(v.id()) : io.ebbflow.core.job.ExecutionState.CREATED,
                    running ? run.vertexMetrics(v.id(), source) : io.ebbflow.core.protocol.JobMasterMessages.VertexMetrics.NONE,
                    running ? run.subtaskViews(v.id()) : List.of()));
        }
        List<io.ebbflow.core.protocol.JobMasterMessages.EdgeView> edges = runnable == null ? List.of()
                : runnable.graph().edges().stream().map(e -> new io.ebbflow.core.protocol.JobMasterMessages.EdgeView(
                        e.sourceVertexId(), e.targetVertexId(), run == null ? e.partitioning().name()
                                : ExecutionPlan.effective(e.partitioning(),
                                        run.plan().parallelismOf(e.sourceVertexId()),
                                        run.plan().parallelismOf(e.targetVertexId())).name())).toList();
        List<HeldSlot> held = pool.slots().stream().map(s -> new HeldSlot(s.allocationId(), s.taskExecutorId(),
                s.slotIndex(), s.state().name(), s.since())).toList();
        String schedulerState = scheduler != null ? scheduler.name()
                : runnable == null ? (sufficient ? "HoldingSlots" : "WaitingForResources") : "Created";
        JobStatus status = scheduler != null && endTime < 0 ? scheduler.jobStatus() : jobStatus;
        return new JobDetails(jobId, job.name(), status, schedulerState, entry.startTime(), endTime, epoch, vertices,
                edges, requirements.minSlots(), requirements.desiredSlots(), pool.quota(), held, List.copyOf(exceptions));
    }

}
