package io.ebbflow.te;

import io.ebbflow.core.cluster.ClusterMembership;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.MetricOptions;
import io.ebbflow.core.config.options.RegistrationOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.Addresses;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.Endpoints;
import io.ebbflow.core.protocol.HardwareDescription;
import io.ebbflow.core.protocol.Inbox;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.DisconnectTaskExecutor;
import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.SlotOffer;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.ResourceManagerMessages.ResourceManagerStarted;
import io.ebbflow.core.protocol.TaskExecutorMessages.NotifyCheckpointComplete;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus;
import io.ebbflow.core.protocol.TaskExecutorMessages.TriggerCheckpoint;
import io.ebbflow.core.protocol.TaskSlotState;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.core.time.VertxTimers;
import io.ebbflow.runtime.network.NetworkEnvironment;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskExecutor service. Wires the event bus, cluster membership and timers to the classes that each
 * own one concern: its {@link TaskSlotTable}; the {@link ResourceManagerLink} (registration, heartbeats,
 * freed slots); the {@link JobMasterTracker} (the JobMasters holding slots here, their epochs and
 * liveness); the {@link SlotOfferSender} (offers with retries); the {@link SubtaskDeployer} and
 * {@link RunningTasks} (subtasks), which report through the {@link SubtaskStateReporter} and the
 * {@link JobMasterCheckpointResponder}; and {@link TaskExecutorMetrics}.
 *
 * <p>On a clean stop (SIGTERM) it says goodbye first: the ResourceManager and every JobMaster holding
 * slots here drop them at once instead of waiting for a timeout.
 *
 * <p>This verticle is the single-threaded owner of all that state: every handler, membership event and
 * timer runs on its event loop, and replies and subtask reports hop back to it. Nothing here blocks.
 */
public final class TaskExecutorVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutorVerticle.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration LEAVE_DELAY = Duration.ofMillis(50);
    private static final String SHUTTING_DOWN = "TaskExecutor is shutting down";

    private final String id;
    private final ClusterNode node;
    private final Configuration config;
    private final Clock clock;
    private final ServiceContext.ProcessControl process;
    private final TaskSlotTable slots;
    private final RunningTasks tasks = new RunningTasks();
    private final JvmFigures jvm = new JvmFigures();
    private final JobMasterTracker jobMasterTracker;
    private final List<Cancellable> periodic = new ArrayList<>();

    private Timers timers;
    private Inbox inbox;
    private JobMasterGateway jobMasters;
    private ResourceManagerLink resourceManager;
    private SlotOfferSender offers;
    private JobSlots jobSlots;
    private JobMasterCheckpointResponder checkpoints;
    private TaskExecutorMetrics metrics;
    private NetworkEnvironment network;
    private UserCodeLoader userCode;
    private SubtaskServices subtaskServices;
    private SubtaskDeployer deployer;
    private ClusterMembership.Subscription membership;

    public TaskExecutorVerticle(ServiceContext context, String taskExecutorId, Clock clock) {
        this.id = taskExecutorId;
        this.node = context.node();
        this.config = context.config();
        this.clock = clock;
        this.process = context.process();
        this.slots = new TaskSlotTable(config.get(TaskManagerOptions.NUM_TASK_SLOTS), config.get(TaskManagerOptions.SLOT_TIMEOUT));
        this.jobMasterTracker = new JobMasterTracker(slots, config.get(HeartbeatOptions.TIMEOUT));
    }

    public String taskExecutorId() {
        return id;
    }

    @Override
    public Future<?> start() {
        Context context = vertx.getOrCreateContext();
        timers = new VertxTimers(vertx);
        var refusals = new io.ebbflow.core.security.SecurityRefusals("task-executor", node.meterRegistry());
        io.ebbflow.runtime.serialization.AllowedClasses.reportTo(refusals);
        network = new NetworkEnvironment(vertx, config.get(TaskManagerOptions.PARTITION_WAIT_TIMEOUT).toMillis(),
                refusals);
        io.ebbflow.core.security.Tls.internal(config).ifPresent(network::withTls);
        try {
            userCode = new UserCodeLoader(vertx, id, io.ebbflow.core.security.Tls.internal(config), Files.createTempDirectory("ebbflow-te-" + id + "-"));
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        long maxBytes = config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes();
        BusClient bus = new BusClient(vertx, config.get(RpcOptions.ASK_TIMEOUT), maxBytes);
        jobMasters = JobMasterGateway.overBus(bus);
        resourceManager = new ResourceManagerLink(id, config, timers, clock, ResourceManagerGateway.overBus(bus),
                this::registration, this::hasWork, () -> process.exit(1, "no ResourceManager accepted the registration "
                        + "within " + RegistrationOptions.TASK_EXECUTOR_TIMEOUT.key() + " and no subtask runs here"));
        metrics = new TaskExecutorMetrics(id, node.meterRegistry(), slots, tasks, jobMasters);
        offers = new SlotOfferSender(slots, jobMasterTracker, (job, offer) -> jobMasters.offerSlots(job, offer)
                .onSuccess(accepted -> userCode.prefetch(job, accepted)), this::offerMessage, timers, clock,
                this::slotFreed);
        jobSlots = new JobSlots(slots, jobMasterTracker, tasks, offers, this::slotFreed, job -> {
                    userCode.release(job);
                    network.forgetJob(job);
                },
                config.get(HeartbeatOptions.TIMEOUT), config.get(TaskManagerOptions.SLOT_TIMEOUT));
        checkpoints = new JobMasterCheckpointResponder(id, jobMasters);
        SubtaskStateReporter reporter = new SubtaskStateReporter(id, r -> context.runOnContext(v -> r.run()), jobMasters,
                this::subtaskEnded);
        subtaskServices = new SubtaskServices(id, config, network, vertx.eventBus()::publish, checkpoints);
        deployer = new SubtaskDeployer(id, vertx, clock, timers, slots, tasks, userCode, reporter, subtaskServices.services(),
                jobMasters);
        bindEndpoints(maxBytes);
        membership = node.membership().addListener(nodeId -> jobSlots.nodeLeft(nodeId, clock.millis()));
        return network.start(io.ebbflow.core.config.NetworkAddresses.of(config).bindHost(), config.get(TaskManagerOptions.DATA_PORT))
                .compose(port -> inbox.ready())
                .onSuccess(v -> started());
    }

    private void bindEndpoints(long maxBytes) {
        inbox = new Inbox(vertx, "task-executor", maxBytes, node.meterRegistry());
        SlotRequests requests = new SlotRequests(slots, resourceManager::checkEpoch, jobMasterTracker::checkEpoch, offers,
                metrics::slotsChanged, clock);
        inbox.bindSync(Endpoints.TE_REQUEST_SLOT.of(id), requests::requestSlot);
        inbox.bindSync(Endpoints.TE_REQUEST_SLOTS.of(id), requests::requestSlots);
        inbox.bindSync(Endpoints.TE_FREE_SLOT.of(id), jobSlots::freeSlot);
        inbox.bindSync(Endpoints.TE_JOB_MASTER_HEARTBEAT.of(id), msg -> jobSlots.heartbeat(msg, clock.millis()));
        inbox.bindSync(Endpoints.TE_DISCONNECT_JOB_MASTER.of(id), jobSlots::disconnect);
        inbox.bindSync(Endpoints.TE_STATUS.of(id), r -> status());
        inbox.bind(Endpoints.TE_SUBMIT_TASK.of(id), deployer::submit);
        inbox.bindSync(Endpoints.TE_CANCEL_TASK.of(id), msg -> {
            tasks.cancelExecution(msg.jobId(), msg.executionId());
            return Ack.INSTANCE;
        });
        inbox.bindSync(Endpoints.TE_TRIGGER_CHECKPOINT.of(id), this::triggerCheckpoint);
        inbox.bindSync(Endpoints.TE_NOTIFY_CHECKPOINT_COMPLETE.of(id), this::notifyCheckpointComplete);
        inbox.bindSync(Endpoints.TE_ADD_SPLITS.of(id), msg -> {
            jobMasterTracker.checkEpoch(msg.jobId(), msg.jobMasterEpoch());
            tasks.addSplits(msg);
            return Ack.INSTANCE;
        });
        inbox.bindSync(Endpoints.TE_LEAVE.of(id), msg -> {
            LOG.info("TaskExecutor {} was asked to leave: {}", id, msg.reason());
            // After the reply is out: the same clean shutdown as SIGTERM.
            timers.schedule(LEAVE_DELAY, () -> process.exit(0, "asked to leave: " + msg.reason()));
            return Ack.INSTANCE;
        });
        inbox.subscribe(Addresses.RM_STARTED, ResourceManagerStarted.class, m -> resourceManager.announced(m.rmEpoch()));
    }

    private void started() {
        periodic.add(timers.periodic(config.get(HeartbeatOptions.INTERVAL), () -> resourceManager.heartbeat(slots.report())));
        periodic.add(timers.periodic(HOUSEKEEPING, () -> jobSlots.housekeeping(clock.millis())));
        periodic.add(timers.periodic(config.get(MetricOptions.TASK_REPORT_INTERVAL), metrics::report));
        LOG.info("TaskExecutor {} started with {} slots on node {}", id, slots.size(), node.nodeId());
        resourceManager.start();
    }

    @Override
    public Future<?> stop() {
        periodic.forEach(Cancellable::cancel);
        if (resourceManager != null) {
            resourceManager.stop();
        }
        if (membership != null) {
            membership.cancel();
        }
        Duration leaveTimeout = config.get(TaskManagerOptions.LEAVE_TIMEOUT);
        // The JobMasters hear of the departure before the subtasks stop, so they rescale (a planned change)
        // instead of seeing the subtasks' connections break (a failure).
        return sayGoodbye()
                .compose(v -> deployer.drained(leaveTimeout))
                .compose(v -> {
                    tasks.cancelAll();
                    subtaskServices.stopSnapshotWriters();
                    return inbox.close();
                })
                .transform(ar -> continueAfter(ar, "closing the inbox"))
                .compose(v -> network.close())
                .transform(ar -> continueAfter(ar, "closing the data port"))
                .onComplete(ar -> {
                    subtaskServices.close();
                    userCode.releaseAll();
                });
    }

    /** Deregisters from the ResourceManager and every JobMaster with slots here; completes when all answered, or soon. */
    private Future<?> sayGoodbye() {
        Set<String> jobs = slots.jobs();
        LOG.info("TaskExecutor {} leaving: deregistering from the ResourceManager and {} JobMasters", id, jobs.size());
        List<Future<?>> goodbyes = new ArrayList<>();
        if (resourceManager != null) {
            goodbyes.add(resourceManager.deregister(SHUTTING_DOWN));
        }
        for (String job : jobs) {
            goodbyes.add(jobMasters.disconnectTaskExecutor(job, new DisconnectTaskExecutor(id, SHUTTING_DOWN))
                    .onFailure(e -> LOG.debug("Could not say goodbye to the JobMaster of job {}: {}", job, e.toString())));
        }
        return Future.join(goodbyes).timeout(GOODBYE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .recover(e -> {
                    LOG.debug("Leaving without every goodbye answered: {}", e.toString());
                    return Future.succeededFuture();
                });
    }

    /** Shutdown goes on whatever a step's outcome; a failed step is logged. */
    private static Future<Void> continueAfter(AsyncResult<?> step, String what) {
        if (step.failed()) {
            LOG.warn("Leaving: {} failed: {}", what, step.cause().toString());
        }
        return Future.succeededFuture();
    }

    // ------------------------------------------------------------------ ResourceManager and slot offers

    private RegisterTaskExecutor registration() {
        return new RegisterTaskExecutor(id, node.nodeId(), config.get(ClusterOptions.HOST), network.dataPort(), slots.size(),
                HardwareDescription.ofThisProcess(), slots.report());
    }

    /** Subtasks run here or a JobMaster accepted slots here: work a missing ResourceManager must not stop. */
    private boolean hasWork() {
        return !tasks.all().isEmpty() || slots.jobs().stream().flatMap(job -> slots.ofJob(job).stream())
                .anyMatch(slot -> slot.state() == TaskSlotState.ACTIVE);
    }

    private OfferSlots offerMessage(long offerId, List<SlotOffer> offered) {
        return new OfferSlots(id, node.nodeId(), config.get(ClusterOptions.HOST), network.dataPort(), offerId, offered);
    }

    private void slotFreed(TaskSlotTable.TaskSlot freed) {
        metrics.slotsChanged();
        resourceManager.slotFreed(freed);
    }

    // ------------------------------------------------------------------ subtasks

    private void subtaskEnded(String jobId, String executionId) {
        tasks.ended(executionId);
        metrics.subtaskEnded(executionId);
        jobSlots.forgetJobIfEmpty(jobId);
    }

    private Ack triggerCheckpoint(TriggerCheckpoint msg) {
        jobMasterTracker.checkEpoch(msg.jobId(), msg.jobMasterEpoch());
        tasks.triggerCheckpoint(msg).forEach(exec -> checkpoints.declineNotRunning(msg.jobId(), exec, msg.checkpointId()));
        return Ack.INSTANCE;
    }

    private Ack notifyCheckpointComplete(NotifyCheckpointComplete msg) {
        jobMasterTracker.checkEpoch(msg.jobId(), msg.jobMasterEpoch());
        tasks.notifyCheckpoint(msg);
        return Ack.INSTANCE;
    }

    private TaskExecutorStatus status() {
        return new TaskExecutorStatus(id, node.nodeId(), resourceManager.rmEpoch(), resourceManager.isRegistered(),
                slots.report().slots(), jvm.next(clock.millis(), java.lang.management.ManagementFactory.getRuntimeMXBean()
                        .getUptime()));
    }
}
