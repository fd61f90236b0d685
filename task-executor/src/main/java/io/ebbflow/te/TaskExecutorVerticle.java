package io.ebbflow.te;

import io.ebbflow.core.job.ExecutionState;

import io.ebbflow.core.cluster.ClusterMembership;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.RegistrationOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
import io.ebbflow.core.heartbeat.HeartbeatMonitor;
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
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetricsReport;
import io.ebbflow.core.protocol.JobMasterMessages.TaskStateUpdate;
import io.ebbflow.core.protocol.TaskExecutorMessages.CancelTask;
import io.ebbflow.core.protocol.TaskExecutorMessages.SubmitTask;
import io.ebbflow.runtime.network.NetworkEnvironment;
import io.ebbflow.runtime.task.StreamTask;
import io.ebbflow.runtime.task.TaskServices;
import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages.DeregisterTaskExecutor;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.ResourceManagerMessages.ResourceManagerStarted;
import io.ebbflow.core.protocol.ResourceManagerMessages.SlotAvailable;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorHeartbeat;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorRegistered;
import io.ebbflow.core.protocol.TaskExecutorMessages.AllocatedSlotReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.DisconnectJobMaster;
import io.ebbflow.core.protocol.TaskExecutorMessages.FreeSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorJobReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus;
import io.ebbflow.core.protocol.TaskSlotState;
import io.ebbflow.core.service.ResourceManagerConnection;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.core.time.VertxTimers;
import io.ebbflow.core.util.StackTraces;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskExecutor service: owns its {@link TaskSlotTable}, registers with the ResourceManager (and
 * again whenever a new ResourceManager announces itself), heartbeats its slot report, allocates slots
 * on the ResourceManager's request and offers them to the job's JobMaster, and frees them when the
 * JobMaster returns them, stops listing them, or goes away.
 *
 * <p>On a clean stop (SIGTERM) it says goodbye first: the ResourceManager and every JobMaster holding
 * slots here drop them at once instead of waiting for a timeout.
 *
 * <p>This verticle is the single-threaded owner of the slot table; nothing here blocks.
 */
public final class TaskExecutorVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutorVerticle.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);
    private static final Duration OFFER_RETRY = Duration.ofSeconds(1);
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(3);

    private final String id;
    private final ClusterNode node;
    private final Configuration config;
    private final Clock clock;
    private final ServiceContext.ProcessControl process;
    private final TaskSlotTable slots;
    private final AtomicInteger freeSlotsGauge = new AtomicInteger();
    private TaskMetricGauges taskGauges;

    private Timers timers;
    private Inbox inbox;
    private ResourceManagerGateway resourceManager;
    private JobMasterGateway jobMasters;
    private ResourceManagerConnection<TaskExecutorRegistered> resourceManagerConnection;
    private HeartbeatMonitor<String> jobMasterHeartbeats;
    private final Map<String, String> jobMasterNodes = new HashMap<>();
    private final Map<String, Long> lastOfferId = new HashMap<>();
    private final Set<String> offerRetryArmed = new HashSet<>();
    private ClusterMembership.Subscription membership;
    private Cancellable heartbeatTimer = Cancellable.NONE;
    private Cancellable housekeepingTimer = Cancellable.NONE;
    private Cancellable metricsTimer = Cancellable.NONE;
    private String registrationId;
    private int rmHeartbeatFailures;
    private NetworkEnvironment network;
    private RunningTasks tasks;
    private UserCodeLoader userCode;
    private TaskServices taskServices;
    private java.util.concurrent.ScheduledExecutorService taskTimers;
    private JobMasterGateway jobMasterGateway;
    private io.vertx.core.Context context;

    public TaskExecutorVerticle(ServiceContext context, String taskExecutorId, Clock clock) {
        this.id = taskExecutorId;
        this.node = context.node();
        this.config = context.config();
        this.clock = clock;
        this.process = context.process();
        this.slots = new TaskSlotTable(config.get(TaskManagerOptions.NUM_TASK_SLOTS), config.get(TaskManagerOptions.SLOT_TIMEOUT));
    }

    public String taskExecutorId() {
        return id;
    }

    @Override
    public Future<?> start() {
        context = vertx.getOrCreateContext();
        timers = new VertxTimers(vertx);
        tasks = new RunningTasks(id);
        network = new NetworkEnvironment(vertx, config.get(TaskManagerOptions.PARTITION_WAIT_TIMEOUT).toMillis());
        taskTimers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "task-timers-" + id);
            t.setDaemon(true);
            return t;
        });
        try {
            userCode = new UserCodeLoader(vertx, java.nio.file.Files.createTempDirectory("ebbflow-te-" + id + "-"));
        } catch (java.io.IOException e) {
            return Future.failedFuture(e);
        }
        long maxBytes = config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes();
        BusClient bus = new BusClient(vertx, config.get(RpcOptions.ASK_TIMEOUT), maxBytes);
        resourceManager = ResourceManagerGateway.overBus(bus);
        jobMasters = JobMasterGateway.overBus(bus);
        jobMasterGateway = jobMasters;
        jobMasterHeartbeats = new HeartbeatMonitor<>(config.get(HeartbeatOptions.TIMEOUT), -1);
        inbox = new Inbox(vertx, "task-executor", maxBytes, node.meterRegistry());
        inbox.bindSync(Endpoints.TE_REQUEST_SLOT.of(id), this::requestSlot);
        inbox.bindSync(Endpoints.TE_FREE_SLOT.of(id), this::freeSlot);
        inbox.bindSync(Endpoints.TE_JOB_MASTER_HEARTBEAT.of(id), this::heartbeatFromJobMaster);
        inbox.bindSync(Endpoints.TE_DISCONNECT_JOB_MASTER.of(id), this::disconnectJobMaster);
        inbox.bindSync(Endpoints.TE_STATUS.of(id), r -> status());
        inbox.bind(Endpoints.TE_SUBMIT_TASK.of(id), this::submitTask);
        inbox.bindSync(Endpoints.TE_CANCEL_TASK.of(id), this::cancelTask);
        inbox.bindSync(Endpoints.TE_TRIGGER_CHECKPOINT.of(id), this::triggerCheckpoint);
        inbox.bindSync(Endpoints.TE_NOTIFY_CHECKPOINT_COMPLETE.of(id), this::notifyCheckpointComplete);
        inbox.bindSync(Endpoints.TE_LEAVE.of(id), msg -> {
            LOG.info("TaskExecutor {} was asked to leave: {}", id, msg.reason());
            // After the reply is out: the same clean shutdown as SIGTERM.
            timers.schedule(Duration.ofMillis(50), () -> process.exit(0, "asked to leave: " + msg.reason()));
            return Ack.INSTANCE;
        });
        inbox.subscribe(Addresses.RM_STARTED, ResourceManagerStarted.class, m -> resourceManagerConnection.announced(m.rmEpoch()));
        membership = node.membership().addListener(this::nodeLeft);
        resourceManagerConnection = new ResourceManagerConnection<>("TaskExecutor " + id, config, timers, clock,
                () -> resourceManager.registerTaskExecutor(registrationMessage()), TaskExecutorRegistered::rmEpoch,
                this::registered, config.get(RegistrationOptions.TASK_EXECUTOR_TIMEOUT),
                () -> process.exit(1, "no ResourceManager accepted the registration within "
                        + RegistrationOptions.TASK_EXECUTOR_TIMEOUT.key()));
        taskGauges = new TaskMetricGauges(node.meterRegistry(), id);
        Gauge.builder("ebbflow.taskexecutor.slots.free", freeSlotsGauge, AtomicInteger::get)
                .tag("tm_id", id).description("Free slots of this TaskExecutor").register(node.meterRegistry());
        Gauge.builder("ebbflow.taskexecutor.slots", slots, TaskSlotTable::size)
                .tag("tm_id", id).description("Slots of this TaskExecutor").register(node.meterRegistry());
        freeSlotsGauge.set(slots.freeSlots());
        String host = config.get(io.ebbflow.core.config.options.ClusterOptions.HOST);
        return network.start(host, config.get(TaskManagerOptions.DATA_PORT)).compose(port -> {
            taskServices = new TaskServices(network, taskTimers, (address, message) -> vertx.eventBus().publish(address, message),
                    (int) config.get(TaskManagerOptions.SEGMENT_SIZE).bytes(), config.get(TaskManagerOptions.BUFFERS_PER_CHANNEL),
                    config.get(TaskManagerOptions.BUFFERS_PER_CHANNEL), config.get(TaskManagerOptions.FLOATING_BUFFERS),
                    checkpointResponder(), snapshotIo);
            return inbox.ready();
        }).onSuccess(v -> {
            heartbeatTimer = timers.periodic(config.get(HeartbeatOptions.INTERVAL), this::heartbeatToResourceManager);
            housekeepingTimer = timers.periodic(HOUSEKEEPING, this::housekeeping);
            metricsTimer = timers.periodic(config.get(io.ebbflow.core.config.options.MetricOptions.TASK_REPORT_INTERVAL),
                    this::reportMetrics);
            LOG.info("TaskExecutor {} started with {} slots on node {}", id, slots.size(), node.nodeId());
            resourceManagerConnection.start();
        });
    }

    @Override
    public Future<?> stop() {
        heartbeatTimer.cancel();
        housekeepingTimer.cancel();
        metricsTimer.cancel();
        if (resourceManagerConnection != null) {
            resourceManagerConnection.stop();
        }
        if (membership != null) {
            membership.cancel();
        }
        List<Future<?>> goodbyes = new ArrayList<>();
        if (registrationId != null) {
            goodbyes.add(resourceManager.deregisterTaskExecutor(
                    new DeregisterTaskExecutor(id, registrationId, "TaskExecutor is shutting down")));
        }
        for (String job : slots.jobs()) {
            goodbyes.add(jobMasters.disconnectTaskExecutor(job, new DisconnectTaskExecutor(id, "TaskExecutor is shutting down")));
        }
        LOG.info("TaskExecutor {} leaving: deregistering from the ResourceManager and {} JobMasters", id, slots.jobs().size());
        // The JobMasters hear of the departure before the subtasks stop, so they rescale (a planned change)
        // instead of seeing the subtasks' connections break (a failure).
        return Future.join(new ArrayList<>(goodbyes))
                .timeout(GOODBYE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .transform(ar -> subtasksGone(clock.millis() + config.get(TaskManagerOptions.LEAVE_TIMEOUT).toMillis()))
                .transform(ar -> {
                    tasks.cancelAll();
                    snapshotIo.shutdown();
                    return Future.succeededFuture();
                })
                .transform(ar -> inbox.close())
                .transform(ar -> network.close())
                .onComplete(ar -> {
                    taskTimers.shutdownNow();
                    userCode.releaseAll();
                })
                .recover(e -> Future.succeededFuture());
    }

    // ------------------------------------------------------------------ ResourceManager

    private RegisterTaskExecutor registrationMessage() {
        return new RegisterTaskExecutor(id, node.nodeId(), config.get(io.ebbflow.core.config.options.ClusterOptions.HOST),
                network.dataPort(), slots.size(), HardwareDescription.ofThisProcess(), slots.report());
    }

    private void registered(TaskExecutorRegistered reply) {
        registrationId = reply.registrationId();
        rmHeartbeatFailures = 0;
        LOG.info("TaskExecutor {} registered with the ResourceManager (epoch {})", id, reply.rmEpoch());
    }

    private void resourceManagerLost(String why) {
        registrationId = null;
        resourceManagerConnection.lost(why);
    }

    private void heartbeatToResourceManager() {
        if (registrationId == null) {
            return;
        }
        resourceManager.heartbeatFromTaskExecutor(new TaskExecutorHeartbeat(id, registrationId, slots.report()))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        resourceManagerConnection.observeEpoch(ar.result().rmEpoch());
                        rmHeartbeatFailures = 0;
                    } else if (BusClient.errorOf(ar.cause()) == ProtocolError.UNKNOWN_SENDER) {
                        resourceManagerLost("the ResourceManager does not know it (" + ar.cause().getMessage() + ")");
                    } else if (BusClient.isUnreachable(ar.cause())
                            && ++rmHeartbeatFailures >= Math.max(1, config.get(HeartbeatOptions.RPC_FAILURE_THRESHOLD))) {
                        resourceManagerLost("the ResourceManager is unreachable");
                    }
                });
    }

    private void notifySlotAvailable(TaskSlotTable.TaskSlot freed) {
        freeSlotsGauge.set(slots.freeSlots());
        if (registrationId == null) {
            return;
        }
        resourceManager.notifySlotAvailable(new SlotAvailable(id, registrationId, freed.index(), freed.allocationId()))
                .onFailure(e -> LOG.debug("Could not report slot {} free: {} (the next heartbeat will)", freed.index(),
                        e.toString()));
    }

    // ------------------------------------------------------------------ slot requests and offers

    private Ack requestSlot(RequestSlot msg) {
        if (msg.rmEpoch() < resourceManagerConnection.rmEpoch()) {
            throw ProtocolException.stale("ResourceManager epoch " + msg.rmEpoch() + " is older than "
                    + resourceManagerConnection.rmEpoch());
        }
        resourceManagerConnection.observeEpoch(msg.rmEpoch());
        slots.checkJobMasterEpoch(msg.jobId(), msg.jobMasterEpoch());
        boolean fresh = slots.allocate(msg.slotIndex(), msg.jobId(), msg.jobMasterEpoch(), msg.allocationId(), clock.millis());
        freeSlotsGauge.set(slots.freeSlots());
        if (fresh) {
            LOG.info("Slot {} allocated to job {} ({}); offering it", msg.slotIndex(), msg.jobId(), msg.allocationId());
            timers.schedule(Duration.ZERO, () -> offerSlots(msg.jobId()));
        }
        return Ack.INSTANCE;
    }

    private void offerSlots(String jobId) {
        List<TaskSlotTable.TaskSlot> offerable = slots.offerable(jobId);
        if (offerable.isEmpty()) {
            return;
        }
        long offerId = lastOfferId.merge(jobId, 1L, Long::sum);
        List<SlotOffer> offers = offerable.stream().map(s -> new SlotOffer(s.index(), s.allocationId())).toList();
        jobMasters.offerSlots(jobId, new OfferSlots(id, node.nodeId(), config.get(io.ebbflow.core.config.options.ClusterOptions.HOST),
                network.dataPort(), offerId, offers)).onComplete(ar -> {
            if (lastOfferId.get(jobId) == null || lastOfferId.get(jobId) != offerId) {
                return;
            }
            if (ar.succeeded()) {
                offerAccepted(jobId, offers, ar.result());
            } else if (BusClient.isUnreachable(ar.cause())) {
                LOG.debug("JobMaster of job {} unreachable for the offer ({}); retrying", jobId, ar.cause().getMessage());
                retryOfferLater(jobId);
            } else {
                LOG.info("JobMaster of job {} refused the offer: {}; freeing the slots", jobId, ar.cause().getMessage());
                offers.forEach(o -> slots.free(o.allocationId()).ifPresent(this::notifySlotAvailable));
            }
        });
    }

    private void offerAccepted(String jobId, List<SlotOffer> offers, SlotsAccepted reply) {
        Set<String> accepted = new HashSet<>(reply.acceptedAllocationIds());
        slots.checkJobMasterEpoch(jobId, reply.jobMasterEpoch());
        jobMasterNodes.put(jobId, reply.jobMasterNodeId());
        for (SlotOffer o : offers) {
            if (accepted.contains(o.allocationId())) {
                slots.markActive(o.allocationId());
            } else {
                LOG.info("JobMaster of job {} declined slot {} ({}); freeing it", jobId, o.slotIndex(), o.allocationId());
                slots.free(o.allocationId()).ifPresent(this::notifySlotAvailable);
            }
        }
        if (!accepted.isEmpty() && !jobMasterHeartbeats.isMonitored(jobId)) {
            jobMasterHeartbeats.monitor(jobId, clock.millis());
        }
        // Slots allocated while this offer was in flight.
        if (!slots.offerable(jobId).isEmpty()) {
            offerSlots(jobId);
        }
    }

    private void retryOfferLater(String jobId) {
        if (offerRetryArmed.add(jobId)) {
            timers.schedule(OFFER_RETRY, () -> {
                offerRetryArmed.remove(jobId);
                offerSlots(jobId);
            });
        }
    }

    // ------------------------------------------------------------------ JobMasters

    private Ack freeSlot(FreeSlot msg) {
        slots.checkJobMasterEpoch(msg.jobId(), msg.jobMasterEpoch());
        slots.byAllocation(msg.allocationId()).filter(s -> s.jobId().equals(msg.jobId())).ifPresent(s -> {
            tasks.cancel(msg.jobId(), msg.allocationId());
            slots.free(msg.allocationId());
            LOG.info("Slot {} of job {} freed: {}", s.index(), msg.jobId(), msg.reason());
            notifySlotAvailable(s);
        });
        forgetJobIfEmpty(msg.jobId());
        return Ack.INSTANCE;
    }

    private TaskExecutorJobReport heartbeatFromJobMaster(AllocatedSlotReport msg) {
        slots.checkJobMasterEpoch(msg.jobId(), msg.jobMasterEpoch());
        jobMasterNodes.put(msg.jobId(), msg.jobMasterNodeId());
        jobMasterHeartbeats.received(msg.jobId(), clock.millis());
        Set<String> listed = new HashSet<>(msg.allocationIds());
        List<String> active = new ArrayList<>();
        for (TaskSlotTable.TaskSlot s : slots.ofJob(msg.jobId())) {
            if (listed.contains(s.allocationId())) {
                if (s.state() == TaskSlotState.ALLOCATED) {
                    slots.markActive(s.allocationId());
                }
                active.add(s.allocationId());
            } else if (s.state() == TaskSlotState.ACTIVE) {
                LOG.info("JobMaster of job {} no longer lists slot {} ({}); freeing it", msg.jobId(), s.index(),
                        s.allocationId());
                tasks.cancel(msg.jobId(), s.allocationId());
                slots.free(s.allocationId());
                notifySlotAvailable(s);
            }
        }
        List<String> unknown = msg.allocationIds().stream().filter(a -> !active.contains(a)).toList();
        if (!jobMasterHeartbeats.isMonitored(msg.jobId()) && !active.isEmpty()) {
            jobMasterHeartbeats.monitor(msg.jobId(), clock.millis());
        }
        forgetJobIfEmpty(msg.jobId());
        return new TaskExecutorJobReport(active, unknown);
    }

    private Ack disconnectJobMaster(DisconnectJobMaster msg) {
        slots.checkJobMasterEpoch(msg.jobId(), msg.jobMasterEpoch());
        tasks.cancel(msg.jobId(), null);
        List<TaskSlotTable.TaskSlot> freed = slots.freeJob(msg.jobId());
        if (!freed.isEmpty()) {
            LOG.info("JobMaster of job {} disconnected ({}); freed {} slots", msg.jobId(), msg.reason(), freed.size());
        }
        freed.forEach(this::notifySlotAvailable);
        forgetJobIfEmpty(msg.jobId());
        return Ack.INSTANCE;
    }

    private void jobMasterLost(String jobId, String why) {
        int cancelled = tasks.cancel(jobId, null);
        if (cancelled > 0) {
            LOG.info("Cancelling {} subtasks of job {}: its JobMaster is gone", cancelled, jobId);
        }
        List<TaskSlotTable.TaskSlot> inactive = slots.markJobInactive(jobId, clock.millis());
        jobMasterHeartbeats.stop(jobId);
        jobMasterNodes.remove(jobId);
        if (!inactive.isEmpty()) {
            LOG.info("JobMaster of job {} is gone ({}); its {} slots here are kept for {} in case it comes back", jobId,
                    why, inactive.size(), config.get(TaskManagerOptions.SLOT_TIMEOUT));
            retryOfferLater(jobId);
        }
    }

    private void forgetJobIfEmpty(String jobId) {
        if (slots.ofJob(jobId).isEmpty()) {
            jobMasterHeartbeats.stop(jobId);
            jobMasterNodes.remove(jobId);
            lastOfferId.remove(jobId);
            if (!tasks.hasTasks(jobId)) {
                userCode.release(jobId);
            }
        }
    }

    // ------------------------------------------------------------------ subtasks

    private Future<Ack> submitTask(SubmitTask msg) {
        slots.checkJobMasterEpoch(msg.jobId(), msg.jobMasterEpoch());
        TaskSlotTable.TaskSlot slot = slots.byAllocation(msg.allocationId()).orElseThrow(() ->
                ProtocolException.notFound("slot " + msg.allocationId() + " is not allocated here"));
        if (!msg.jobId().equals(slot.jobId()) || slot.state() != TaskSlotState.ACTIVE) {
            throw ProtocolException.conflict("slot " + msg.allocationId() + " is not active for job " + msg.jobId());
        }
        if (tasks.contains(msg.executionId())) {
            return Future.succeededFuture(Ack.INSTANCE);
        }
        return userCode.classLoader(msg.jobId(), msg.jobJarUrl(), msg.jobJarSha256())
                .compose(cl -> vertx.executeBlocking(() -> tasks.create(msg, cl, taskServices, taskListener(msg)), false))
                .map(task -> {
                    tasks.started(task, msg.jobId(), msg.allocationId(), clock.millis());
                    task.start();
                    LOG.info("Deployed {} ({}/{}) of job {} into slot {}", msg.taskName(), msg.subtaskIndex() + 1,
                            msg.parallelism(), msg.jobId(), slot.index());
                    return Ack.INSTANCE;
                })
                .recover(e -> Future.failedFuture(e instanceof ProtocolException ? e
                        : new ProtocolException(io.ebbflow.core.protocol.ProtocolError.INTERNAL,
                                "cannot deploy " + msg.taskName() + ": " + e)));
    }

    /**
     * Completes once the JobMasters have moved this TaskExecutor's subtasks away (they checkpoint, then
     * cancel them), or at {@code deadline}.
     */
    private Future<Void> subtasksGone(long deadline) {
        if (tasks.all().isEmpty() || clock.millis() >= deadline) {
            return Future.succeededFuture();
        }
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        vertx.setTimer(20, id -> subtasksGone(deadline).onComplete(done));
        return done.future();
    }

    private Ack triggerCheckpoint(io.ebbflow.core.protocol.TaskExecutorMessages.TriggerCheckpoint msg) {
        slots.checkJobMasterEpoch(msg.jobId(), msg.jobMasterEpoch());
        io.ebbflow.runtime.checkpoint.CheckpointBarrier barrier = new io.ebbflow.runtime.checkpoint.CheckpointBarrier(
                msg.checkpointId(), msg.timestamp(), msg.directory(), msg.savepoint());
        for (String exec : msg.executionIds()) {
            RunningTasks.Running r = tasks.get(exec);
            if (r != null && r.jobId().equals(msg.jobId())) {
                r.task().triggerCheckpoint(barrier, msg.pauseSources());
            } else {
                jobMasters.declineCheckpoint(msg.jobId(), new io.ebbflow.core.protocol.JobMasterMessages.DeclineCheckpoint(id,
                        exec, msg.checkpointId(), "subtask " + exec + " is not running on " + id));
            }
        }
        return Ack.INSTANCE;
    }

    private Ack notifyCheckpointComplete(io.ebbflow.core.protocol.TaskExecutorMessages.NotifyCheckpointComplete msg) {
        slots.checkJobMasterEpoch(msg.jobId(), msg.jobMasterEpoch());
        for (String exec : msg.executionIds()) {
            RunningTasks.Running r = tasks.get(exec);
            if (r != null && r.jobId().equals(msg.jobId())) {
                if (msg.aborted()) {
                    r.task().notifyCheckpointAborted(msg.checkpointId());
                } else {
                    r.task().notifyCheckpointComplete(msg.checkpointId());
                }
            }
        }
        return Ack.INSTANCE;
    }

    /** Subtasks acknowledge checkpoints from the snapshot writer's threads; the bus is safe to use from any thread. */
    private io.ebbflow.runtime.task.CheckpointResponder checkpointResponder() {
        return new io.ebbflow.runtime.task.CheckpointResponder() {
            @Override
            public void acknowledge(io.ebbflow.runtime.task.TaskSpec task, long checkpointId,
                    io.ebbflow.runtime.checkpoint.SubtaskSnapshot snapshot) {
                String json;
                try {
                    json = SNAPSHOT_JSON.writeValueAsString(snapshot);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    decline(task, checkpointId, "its snapshot cannot be encoded: " + e.getMessage());
                    return;
                }
                jobMasters.acknowledgeCheckpoint(task.jobId(), new io.ebbflow.core.protocol.JobMasterMessages
                        .AcknowledgeCheckpoint(id, task.executionId(), checkpointId, json))
                        .onFailure(e -> LOG.warn("Acknowledging checkpoint {} of {} failed: {}", checkpointId,
                                task.taskName(), e.toString()));
            }

            @Override
            public void decline(io.ebbflow.runtime.task.TaskSpec task, long checkpointId, String reason) {
                jobMasters.declineCheckpoint(task.jobId(), new io.ebbflow.core.protocol.JobMasterMessages.DeclineCheckpoint(id,
                        task.executionId(), Math.max(1, checkpointId), reason))
                        .onFailure(e -> LOG.debug("Declining checkpoint {} failed: {}", checkpointId, e.toString()));
            }
        };
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper SNAPSHOT_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final java.util.concurrent.ExecutorService snapshotIo = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "snapshot-io");
        t.setDaemon(true);
        return t;
    });

    private Ack cancelTask(CancelTask msg) {
        RunningTasks.Running r = tasks.get(msg.executionId());
        if (r != null && r.jobId().equals(msg.jobId())) {
            r.task().cancel();
        }
        return Ack.INSTANCE;
    }

    /** Reports a subtask's state changes to its JobMaster (callbacks come from the subtask's thread). */
    private StreamTask.Listener taskListener(SubmitTask msg) {
        return new StreamTask.Listener() {
            @Override
            public void running(StreamTask task) {
                report(task, ExecutionState.RUNNING, null, java.util.Map.of());
            }

            @Override
            public void finished(StreamTask task) {
                report(task, ExecutionState.FINISHED, null, task.readAfterCheckpoints());
            }

            @Override
            public void canceled(StreamTask task) {
                report(task, ExecutionState.CANCELED, null, task.readAfterCheckpoints());
            }

            @Override
            public void failed(StreamTask task, Throwable cause) {
                report(task, ExecutionState.FAILED, StackTraces.of(cause, 50_000), task.readAfterCheckpoints());
            }

            private void report(StreamTask task, ExecutionState state, String cause, java.util.Map<Long, Long> readAfter) {
                context.runOnContext(v -> {
                    if (state != ExecutionState.RUNNING) {
                        tasks.ended(task.spec().executionId());
                        taskGauges.remove(task.spec().executionId());
                        LOG.info("Subtask {} ({}/{}) of job {} {}", msg.taskName(), msg.subtaskIndex() + 1, msg.parallelism(),
                                msg.jobId(), state);
                    }
                    jobMasterGateway.updateTaskState(msg.jobId(), new TaskStateUpdate(id, task.spec().executionId(), state, cause,
                            readAfter))
                            .onFailure(e -> LOG.info("Could not report {} of {} to the JobMaster of job {}: {}", state,
                                    task.spec().taskName(), msg.jobId(), e.toString()));
                    if (state != ExecutionState.RUNNING) {
                        forgetJobIfEmpty(msg.jobId());
                    }
                });
            }
        };
    }

    private void reportMetrics() {
        for (String job : tasks.jobs()) {
            var list = tasks.metrics(job);
            for (var m : list) {
                RunningTasks.Running r = tasks.get(m.executionId());
                if (r != null) {
                    taskGauges.update(job, r.task().spec().taskName(), m);
                }
            }
            if (!list.isEmpty()) {
                jobMasterGateway.reportTaskMetrics(job, new TaskMetricsReport(id, list))
                        .onFailure(e -> LOG.debug("Could not report metrics of job {}: {}", job, e.toString()));
            }
        }
    }

    // ------------------------------------------------------------------ liveness and housekeeping

    private void nodeLeft(String nodeId) {
        for (Map.Entry<String, String> e : new ArrayList<>(jobMasterNodes.entrySet())) {
            if (e.getValue().equals(nodeId)) {
                jobMasterLost(e.getKey(), "its process left the cluster");
            }
        }
    }

    private void housekeeping() {
        long now = clock.millis();
        for (String job : jobMasterHeartbeats.expire(now)) {
            jobMasterLost(job, "no heartbeat within " + config.get(HeartbeatOptions.TIMEOUT).toSeconds() + " s");
        }
        for (TaskSlotTable.TaskSlot s : slots.expire(now)) {
            LOG.info("Slot {} of job {} was not accepted within {}; freeing it", s.index(), s.jobId(),
                    TaskManagerOptions.SLOT_TIMEOUT.key());
            notifySlotAvailable(s);
            forgetJobIfEmpty(s.jobId());
        }
        // Slots waiting for a JobMaster that was unreachable: keep offering until they expire.
        for (String job : slots.jobs()) {
            if (!slots.offerable(job).isEmpty()) {
                retryOfferLater(job);
            }
        }
    }

    private TaskExecutorStatus status() {
        return new TaskExecutorStatus(id, node.nodeId(), resourceManagerConnection.rmEpoch(), registrationId != null,
                slots.report().slots());
    }
}
