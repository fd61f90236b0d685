package io.ebbflow.jm;

import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.CheckpointingOptions;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.JobManagerOptions;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.job.SlotSharingRequirements;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.JobMasterMessages.AcknowledgeCheckpoint;
import io.ebbflow.core.protocol.JobMasterMessages.DeclineCheckpoint;
import io.ebbflow.core.protocol.JobMasterMessages.DisconnectTaskExecutor;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetricsReport;
import io.ebbflow.core.protocol.JobMasterMessages.UpdateRequirements;
import io.ebbflow.core.protocol.JobMasterMessages.Bounds;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.state.CheckpointPointer;
import io.ebbflow.core.state.SavepointRecord;
import io.ebbflow.core.state.SharedMaps;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.jm.autoscaler.AutoscalerLoop;
import io.ebbflow.jm.autoscaler.AutoscalerSettings;
import io.ebbflow.jm.checkpoint.CheckpointCoordinator;
import io.ebbflow.jm.checkpoint.CheckpointDurability;
import io.ebbflow.jm.checkpoint.RestoreChoice;
import io.ebbflow.jm.checkpoint.Savepoints;
import io.ebbflow.jm.execution.ExceptionHistory;
import io.ebbflow.jm.execution.ExecutionDeployer;
import io.ebbflow.jm.execution.Executions;
import io.ebbflow.jm.execution.JobRun;
import io.ebbflow.jm.execution.RescaleHistory;
import io.ebbflow.jm.execution.RestartStrategy;
import io.ebbflow.jm.job.JobStore;
import io.ebbflow.jm.job.RunnableJob;
import io.ebbflow.jm.job.SchedulerModes;
import io.ebbflow.jm.metrics.JobMetrics;
import io.ebbflow.jm.metrics.JobTimes;
import io.ebbflow.jm.rest.JobViews;
import io.ebbflow.jm.scheduler.AdaptiveScheduler;
import io.ebbflow.jm.scheduler.SchedulerSettings;
import io.ebbflow.jm.slots.JobRequirements;
import io.ebbflow.jm.slots.RequirementsUpdate;
import io.ebbflow.jm.slots.ResourceManagerLink;
import io.ebbflow.jm.slots.SlotPoolService;
import io.ebbflow.jm.source.SplitDiscovery;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one job's JobMaster, assembled and wired to each other: the slot pool, executions and
 * exceptions, and, for a job with a dataflow, the Adaptive Scheduler, checkpoints, savepoints, the deployer
 * and the job's metrics. Plain objects confined to the JobMaster's event loop; the verticle binds them to
 * the bus.
 */
final class JobMaster {

    private static final Logger LOG = LoggerFactory.getLogger(JobMaster.class);

    /**
     * What the components are built from.
     *
     * @param runnable the job's dataflow, or null for a job described by its slot needs only
     * @param jarUrl where TaskExecutors fetch the job jar (known once the blob server runs)
     * @param jobSecret this leader's secret of the job, handed to the TaskExecutors it accepts slots from
     * @param jobEnded the job reached a terminal state (with its cause if it failed)
     * @param fenced a newer JobMaster of the job exists
     */
    record Setup(String jobId, JobDescription job, RunnableJob runnable, long epoch, ClusterNode node,
            Configuration config, Vertx vertx, Clock clock, Timers timers, TaskExecutorGateway taskExecutors,
            ResourceManagerGateway resourceManagerGateway, JobStore store, Supplier<String> jarUrl,
            io.ebbflow.core.security.JobSecret jobSecret, BiConsumer<JobStatus, String> jobEnded, java.util.function.Consumer<String> fenced,
            LongConsumer slotAcquired) {
    }

    private final Setup setup;
    private final ExceptionHistory exceptions = new ExceptionHistory();
    private final RescaleHistory rescaleHistory = new RescaleHistory();
    private final JobTimes jobTimes = new JobTimes();
    private final JobRequirements requirements;
    private final JobMetrics metrics;
    private final SlotPoolService slots;
    private final Executions executions;
    private final ResourceManagerLink resourceManager;
    private final JobViews views;
    private JobScheduling scheduling;
    private AdaptiveScheduler<JobRun> scheduler;
    private CheckpointCoordinator checkpoints;
    private Savepoints savepoints;
    private RestoreChoice.Storage storage;
    private SplitDiscovery splitDiscovery;
    private AutoscalerLoop autoscaler;

    JobMaster(Setup s) {
        this.setup = s;
        Configuration config = s.config();
        this.requirements = new JobRequirements(s.runnable() == null ? List.of() : s.runnable().allocatorVertices(),
                s.job().slotRequirements());
        this.slots = new SlotPoolService(s.jobId(), s.node().nodeId(), s::epoch, s.clock(), s.taskExecutors(),
                config.get(JobManagerOptions.SLOT_IDLE_TIMEOUT), config.get(HeartbeatOptions.TIMEOUT),
                config.get(HeartbeatOptions.RPC_FAILURE_THRESHOLD), new SlotEvents());
        this.metrics = new JobMetrics(s.node().meterRegistry(), s.jobId(), s.job().name(), slots::heldSlots);
        this.executions = new Executions(s.jobId(), s::epoch, s.clock(), s.taskExecutors(), exceptions, new ExecutionEvents());
        this.resourceManager = new ResourceManagerLink(s.jobId(), s.job().name(), s.epoch(), s.node().nodeId(),
                s.resourceManagerGateway(), slots, config, s.timers(), s.clock(),
                () -> s.fenced().accept("the ResourceManager knows a newer JobMaster epoch of the job"));
        if (s.runnable() != null) {
            assembleScheduling();
        }
        this.views = new JobViews(s.jobId(), s.job(), s.runnable(), scheduler, requirements, slots.pool(), s.store(),
                exceptions, rescaleHistory, metrics, config, () -> autoscaler == null ? null : autoscaler.view());
    }

    private void assembleScheduling() {
        Setup s = setup;
        Configuration config = s.config();
        long programInterval = s.runnable().graph().checkpointIntervalMillis();
        Duration interval = programInterval > 0 ? Duration.ofMillis(programInterval)
                : config.getOptional(CheckpointingOptions.INTERVAL).orElse(null);
        String base = config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        storage = RestoreChoice.Storage.of(base, s.jobId());
        scheduling = new JobScheduling(s.jobId(), s.epoch(), s.clock(), s.runnable(), new JobScheduling.Parts(slots,
                requirements, executions, RestartStrategy.from(config, interval != null, new Random()), rescaleHistory,
                exceptions, jobTimes, metrics), s.store()::ended, s.jobEnded());
        checkpoints = new CheckpointCoordinator(s.jobId(), s.vertx(), s.timers(), s.clock(), s.taskExecutors(),
                s.node().map(SharedMaps.CHECKPOINTS, CheckpointPointer.class), base, interval,
                config.get(CheckpointingOptions.TIMEOUT), config.get(CheckpointingOptions.MIN_PAUSE),
                config.get(CheckpointingOptions.NUM_RETAINED), config.get(CheckpointingOptions.TOLERABLE_FAILURES),
                scheduling, why -> executions.failRun(executions.current(), "checkpointing", null, why),
                new CheckpointDurability(new CheckpointDurability.DurablePointer() {
                    @Override
                    public io.vertx.core.Future<Boolean> record(CheckpointPointer pointer) {
                        return s.store().leadership().recordCheckpoint(pointer);
                    }

                    @Override
                    public io.vertx.core.Future<java.util.Optional<CheckpointPointer>> latest() {
                        return s.store().durableCheckpoint();
                    }
                }, config.get(CheckpointingOptions.ALLOW_EMPTY_STATE), s.fenced()));
        ExecutionDeployer deployer = new ExecutionDeployer(s.jobId(), s::epoch, s.vertx(), s.clock(), s.taskExecutors(),
                s.runnable(), s.jarUrl(), s.jobSecret(), new ExecutionDeployer.Parts(slots, requirements, checkpoints, executions,
                        exceptions, rescaleHistory, storage, s.store()::running));
        scheduler = new AdaptiveScheduler<>(s.jobId(), scheduling, s.clock(), s.timers(),
                SchedulerSettings.from(config, interval));
        scheduling.wire(checkpoints, deployer, scheduler);
        executions.attach(scheduler);
        savepoints = new Savepoints(s.jobId(), s::epoch, s.clock(), s.timers(), checkpoints, scheduler,
                s.node().map(SharedMaps.SAVEPOINTS, SavepointRecord.class),
                config.get(CheckpointingOptions.SAVEPOINTS_DIRECTORY), config.get(CheckpointingOptions.TIMEOUT));
        metrics.registerJobGauges(checkpoints, jobTimes, s.clock());
        splitDiscovery = new SplitDiscovery(s.jobId(), s.runnable().graph(), s.runnable().classLoader(), s.vertx(),
                s.timers(), s.taskExecutors(), new SplitDiscovery.Context() {
                    @Override
                    public JobRun runningRun() {
                        return scheduling.checkpointableRun();
                    }

                    @Override
                    public long epoch() {
                        return s.epoch();
                    }
                });
        assembleAutoscaler();
    }

    /** The built-in scaling policy, when it is on (not in reactive mode, where requirements cannot change). */
    private void assembleAutoscaler() {
        AutoscalerSettings settings = AutoscalerSettings.from(setup.config());
        if (!settings.enabled()) {
            return;
        }
        if (SchedulerModes.reactive(setup.config())) {
            LOG.warn("Job {}: jobmanager.autoscaler.enabled is ignored in reactive mode, where every vertex uses as many "
                    + "slots as it gets; use the adaptive scheduler (the default) for the autoscaler", setup.jobId());
            return;
        }
        autoscaler = new AutoscalerLoop(setup.jobId(), settings, setup.clock(), setup.runnable().graph(),
                new AutoscalerLoop.Context() {
                    @Override
                    public JobRun runningRun() {
                        return rescaleHistory.inProgress() ? null : scheduling.checkpointableRun();
                    }

                    @Override
                    public List<io.ebbflow.jm.slots.SlotSharingAllocator.Vertex> requirements() {
                        return requirements.vertices();
                    }

                    @Override
                    public void setRequirements(java.util.Map<String, Bounds> bounds) {
                        updateRequirements(new UpdateRequirements(bounds));
                    }

                    @Override
                    public void decided(String explanation) {
                        rescaleHistory.decided(explanation);
                    }
                });
    }

    /** What the job starts from, once known: scheduling may begin. */
    void startFrom(CompletedCheckpoint checkpoint) {
        scheduling.startFrom(checkpoint);
    }

    // ---- requests, applied to the components

    /**
     * A TaskExecutor leaves cleanly: a planned rescale, not a failure. Its slots leave the pool now (the next plan
     * does without them); its subtasks keep running until the rescale's checkpoint is taken.
     */
    Ack disconnectTaskExecutor(DisconnectTaskExecutor msg) {
        executions.taskExecutorLeaving(msg.taskExecutorId(), slots.nodeOf(msg.taskExecutorId()), msg.reason());
        slots.removeTaskExecutor(msg.taskExecutorId(), "it is leaving: " + msg.reason());
        return Ack.INSTANCE;
    }

    /** A cluster node left: its TaskExecutors are gone. */
    void nodeLeft(String nodeId) {
        executions.nodeLeft(nodeId);
        slots.nodeLeft(nodeId);
    }

    /**
     * New vertex bounds ({@code PUT /jobs/:jobid/resource-requirements}): validated, declared to the
     * ResourceManager, and handed to the scheduler, which rescales when the slots allow. Not in reactive mode.
     */
    Ack updateRequirements(UpdateRequirements msg) {
        if (setup.runnable() == null) {
            throw ProtocolException.notFound("job " + setup.jobId() + " has no dataflow whose requirements could change");
        }
        if (SchedulerModes.reactive(setup.config())) {
            throw ProtocolException.conflict("resource requirements cannot be changed in reactive mode: every vertex "
                    + "uses as many slots as it gets");
        }
        RequirementsUpdate.Outcome outcome = RequirementsUpdate.validate(setup.runnable().graph().vertices(), msg.vertices());
        if (!outcome.ok()) {
            throw ProtocolException.malformed(String.join("; ", outcome.errors()));
        }
        requirements.update(outcome.accepted());
        SlotSharingRequirements needs = outcome.accepted().slots();
        slots.setRequirement(needs.minSlots(), needs.desiredSlots());
        LOG.info("Job {} requirements changed: {} (needs {} to {} slots)", setup.jobId(), outcome.accepted().vertices(),
                needs.minSlots(), needs.desiredSlots());
        resourceManager.heartbeat();
        scheduler.onNewRequirements();
        slots.releaseExcess();
        return Ack.INSTANCE;
    }

    /** The user cancels the job: the scheduler cancels what runs, and the job ends CANCELED. */
    Ack cancelJob() {
        if (scheduler == null) {
            LOG.info("Job {} cancelled", setup.jobId());
            setup.jobEnded().accept(JobStatus.CANCELED, null);
        } else {
            LOG.info("Job {} cancelled in {}", setup.jobId(), scheduler.state().name());
            scheduler.cancel();
        }
        return Ack.INSTANCE;
    }

    /** Subtasks' metrics from a TaskExecutor: recorded with their runs, and the job's source sums published. */
    Ack taskMetrics(TaskMetricsReport report) {
        executions.taskMetrics(report);
        JobRun current = executions.current();
        if (current != null) {
            JobRun.SourceTotals totals = current.sourceTotals();
            metrics.sources(totals.pendingRecords(), totals.numRecordsInErrors());
        }
        return Ack.INSTANCE;
    }

    Ack acknowledgeCheckpoint(AcknowledgeCheckpoint ack) {
        checkpointsOrFail().acknowledge(ack);
        return Ack.INSTANCE;
    }

    Ack declineCheckpoint(DeclineCheckpoint decline) {
        if (checkpoints != null) {
            checkpoints.decline(decline);
        }
        return Ack.INSTANCE;
    }

    /** The checkpoint coordinator, or a not-found error for a job without checkpoints. */
    CheckpointCoordinator checkpointsOrFail() {
        if (checkpoints == null) {
            throw ProtocolException.notFound("job " + setup.jobId() + " takes no checkpoints");
        }
        return checkpoints;
    }

    /** The savepoints, or a not-found error for a job without a dataflow. */
    Savepoints savepointsOrFail() {
        if (savepoints == null) {
            throw ProtocolException.notFound("job " + setup.jobId() + " has no runnable dataflow");
        }
        return savepoints;
    }

    // ---- the components

    ResourceManagerLink resourceManager() {
        return resourceManager;
    }

    SlotPoolService slots() {
        return slots;
    }

    Executions executions() {
        return executions;
    }

    JobRequirements requirements() {
        return requirements;
    }

    ExceptionHistory exceptions() {
        return exceptions;
    }

    JobViews views() {
        return views;
    }

    /** The scheduler, or null for a job without a dataflow (likewise the checkpoint parts below). */
    AdaptiveScheduler<JobRun> scheduler() {
        return scheduler;
    }

    CheckpointCoordinator checkpoints() {
        return checkpoints;
    }

    Savepoints savepoints() {
        return savepoints;
    }

    /** The built-in scaling policy (null when it is off or the job has no dataflow). */
    AutoscalerLoop autoscaler() {
        return autoscaler;
    }

    /** Split discovery of the job's sources (null for a job without a dataflow). */
    SplitDiscovery splitDiscovery() {
        return splitDiscovery;
    }

    RestoreChoice.Storage checkpointStorage() {
        return storage;
    }

    /** The slots' events, applied to the executions and the scheduler. */
    private final class SlotEvents implements SlotPoolService.Listener {
        @Override
        public void resourcesChanged() {
            if (scheduler != null) {
                scheduler.onNewResources();
            }
        }

        @Override
        public void taskExecutorRemoved(String taskExecutorId, String why) {
            executions.taskExecutorRemoved(taskExecutorId, why);
        }

        @Override
        public void slotAcquired(long waitedMillis) {
            metrics.slotAcquired(waitedMillis);
            setup.slotAcquired().accept(waitedMillis);
        }

        @Override
        public void fenced() {
            setup.fenced().accept("a TaskExecutor knows a newer JobMaster epoch of the job");
        }
    }

    /** The executions' events, applied to the slots, the rescale history and the checkpoints. */
    private final class ExecutionEvents implements Executions.Listener {
        @Override
        public void runEnded(JobRun run) {
            slots.release(run.allocationIds());
        }

        @Override
        public void runRunning(JobRun run) {
            rescaleHistory.end(setup.clock().millis());
        }

        @Override
        public void corruptCheckpoint(long checkpointId, String cause) {
            if (checkpoints != null) {
                LOG.warn("Job {}: checkpoint {} is corrupt; the next restart uses the newest intact one before it, or "
                        + "fails the job if there is none", setup.jobId(), checkpointId);
                checkpoints.dropRetained(checkpointId, firstLine(cause));
            }
        }
    }

    /** The first line of a failure (the exception and its message, without the stack). */
    private static String firstLine(String cause) {
        int nl = cause == null ? -1 : cause.indexOf('\n');
        return nl < 0 ? String.valueOf(cause) : cause.substring(0, nl);
    }
}
