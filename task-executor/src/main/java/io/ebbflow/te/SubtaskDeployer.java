package io.ebbflow.te;

import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.ConfirmDeployment;
import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskExecutorMessages.SubmitTask;
import io.ebbflow.core.protocol.TaskSlotState;
import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.runtime.checkpoint.TaskRestore;
import io.ebbflow.runtime.graph.ChainedOperator;
import io.ebbflow.runtime.serialization.UserCodeSerializer;
import io.ebbflow.runtime.state.KeyGroupRange;
import io.ebbflow.runtime.task.StreamTask;
import io.ebbflow.runtime.task.TaskServices;
import io.ebbflow.runtime.task.TaskSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys subtasks into this TaskExecutor's active slots: checks the slot is active for the job, gets the
 * job's class loader (fetching its jar the first time), builds the subtask from its deployment message
 * off the event loop (that runs user code's class loading), asks the JobMaster to confirm that it still wants the
 * subtask, and starts it in {@link RunningTasks}.
 *
 * <p>The confirmation is a fence: a deployment message can arrive long after it was sent (held in a connection
 * across a network partition), when the JobMaster has given up on it and redeployed elsewhere. Such a subtask
 * would restore an old checkpoint and run its restore's side effects (a file sink moving aside what the newer
 * deployment committed, a Kafka sink aborting its transactions). It never starts: no user code runs for it.
 *
 * <p>Called on the TaskExecutor verticle's thread; the blocking part hops off it and back.
 */
final class SubtaskDeployer {

    private static final Logger LOG = LoggerFactory.getLogger(SubtaskDeployer.class);
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);

    private final String taskExecutorId;
    private final Vertx vertx;
    private final Clock clock;
    private final Timers timers;
    private final TaskSlotTable slots;
    private final RunningTasks tasks;
    private final UserCodeLoader userCode;
    private final SubtaskStateReporter reporter;
    private final TaskServices services;
    private final JobMasterGateway jobMasters;

    SubtaskDeployer(String taskExecutorId, Vertx vertx, Clock clock, Timers timers, TaskSlotTable slots, RunningTasks tasks,
            UserCodeLoader userCode, SubtaskStateReporter reporter, TaskServices services, JobMasterGateway jobMasters) {
        this.taskExecutorId = taskExecutorId;
        this.vertx = vertx;
        this.clock = clock;
        this.timers = timers;
        this.slots = slots;
        this.tasks = tasks;
        this.userCode = userCode;
        this.reporter = reporter;
        this.services = services;
        this.jobMasters = jobMasters;
    }

    /** Deploys the subtask; deploying one that runs here already is a no-op. */
    Future<Ack> submit(SubmitTask msg) {
        slots.checkJobMasterEpoch(msg.jobId(), msg.jobMasterEpoch());
        TaskSlotTable.TaskSlot slot = slots.byAllocation(msg.allocationId()).orElseThrow(() ->
                ProtocolException.notFound("slot " + msg.allocationId() + " is not allocated here"));
        if (!msg.jobId().equals(slot.jobId()) || slot.state() != TaskSlotState.ACTIVE) {
            throw ProtocolException.conflict("slot " + msg.allocationId() + " is not active for job " + msg.jobId());
        }
        if (tasks.contains(msg.executionId())) {
            return Future.succeededFuture(Ack.INSTANCE);
        }
        JobSecret secret = JobSecret.decode(msg.jobSecret());
        // Subscriptions to this job's partitions here, and this job's subscriptions elsewhere, prove this secret.
        services.network().trustJob(msg.jobId(), secret);
        return userCode.classLoader(msg.jobId(), msg.jobJarUrl(), msg.jobJarSha256(), secret)
                .compose(cl -> vertx.executeBlocking(() -> create(msg, cl), false))
                .compose(task -> jobMasters.confirmDeployment(msg.jobId(),
                        new ConfirmDeployment(taskExecutorId, msg.jobMasterEpoch(), msg.executionId())).map(task))
                .map(task -> start(msg, slot, task))
                .recover(e -> deployFailed(msg, e));
    }

    /**
     * Completes once no subtask runs here any more (on leaving, the JobMasters move them away: they
     * checkpoint, then cancel them), or after {@code timeout}.
     */
    Future<Void> drained(Duration timeout) {
        return drainedBy(clock.millis() + timeout.toMillis());
    }

    private Future<Void> drainedBy(long deadline) {
        if (tasks.all().isEmpty() || clock.millis() >= deadline) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        timers.schedule(DRAIN_POLL, () -> drainedBy(deadline).onComplete(done));
        return done.future();
    }

    private Ack start(SubmitTask msg, TaskSlotTable.TaskSlot slot, StreamTask task) {
        tasks.started(task, msg.jobId(), msg.allocationId(), clock.millis());
        task.start();
        LOG.info("Deployed {} ({}/{}) of job {} into slot {}", msg.taskName(), msg.subtaskIndex() + 1, msg.parallelism(),
                msg.jobId(), slot.index());
        return Ack.INSTANCE;
    }

    private Future<Ack> deployFailed(SubmitTask msg, Throwable e) {
        LOG.warn("Could not deploy {} ({}/{}) of job {}: {}", msg.taskName(), msg.subtaskIndex() + 1, msg.parallelism(),
                msg.jobId(), e.toString());
        return Future.failedFuture(e instanceof ProtocolException ? e
                : new ProtocolException(ProtocolError.INTERNAL, "cannot deploy " + msg.taskName() + ": " + e));
    }

    /** Builds the subtask from its deployment (off the event loop: it runs user code's class loading). */
    @SuppressWarnings("unchecked")
    private StreamTask create(SubmitTask msg, ClassLoader classLoader) {
        List<ChainedOperator> chain = (List<ChainedOperator>) UserCodeSerializer.deserialize(msg.chain(), classLoader);
        List<TaskSpec.OutputSpec> outputs = (List<TaskSpec.OutputSpec>) UserCodeSerializer.deserialize(msg.outputs(), classLoader);
        List<SourceSplit> splits = (List<SourceSplit>) UserCodeSerializer.deserialize(msg.splits(), classLoader);
        List<TaskSpec.InputSpec> inputs = msg.inputs().stream().map(i -> new TaskSpec.InputSpec(i.partitionId(),
                i.subpartition(), i.taskExecutorId().equals(taskExecutorId), i.taskExecutorId(), i.host(), i.dataPort()))
                .toList();
        TaskSpec spec = new TaskSpec(msg.jobId(), msg.executionId(), msg.vertexId(), msg.taskName(), msg.subtaskIndex(),
                msg.parallelism(), msg.maxParallelism(), msg.attempt(), msg.deploymentId(),
                new KeyGroupRange(msg.keyGroupStart(), msg.keyGroupEnd()),
                chain, inputs, outputs, splits, msg.bufferTimeoutMillis(), msg.autoWatermarkIntervalMillis(),
                msg.restore() == null ? null : (TaskRestore) UserCodeSerializer.deserialize(msg.restore(), classLoader));
        return new StreamTask(spec, classLoader, services, reporter.listenerFor(msg));
    }
}
