package io.ebbflow.jm.execution;

import io.ebbflow.core.security.JobSecret;

import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.SubmitTask;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.util.StackTraces;
import io.ebbflow.jm.checkpoint.CheckpointCoordinator;
import io.ebbflow.jm.checkpoint.RestoreChoice;
import io.ebbflow.jm.job.RunnableJob;
import io.ebbflow.jm.scheduler.CreatingExecutionGraph;
import io.ebbflow.jm.slots.JobRequirements;
import io.ebbflow.jm.slots.SlotAssignment;
import io.ebbflow.jm.slots.SlotPoolService;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.graph.ExecutionPlan;
import io.ebbflow.runtime.graph.SplitCreationException;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and deploys an execution: it takes free slots of the pool for the parallelism (slot k of a
 * slot-sharing group hosts subtask k of every vertex in it), picks the newest readable checkpoint to restore,
 * builds the plan and the deployment messages off the event loop, and submits them. Confined to the
 * JobMaster's event loop (the build hops off it and back).
 *
 * <p>{@code Parts.deploying} runs once the slots are taken (the job's registry entry says RUNNING from then on).
 */
public final class ExecutionDeployer {

    /** After the held slots turned out unusable for a plan, how long before the scheduler is told. */
    private static final long SLOTS_GONE_RETRY_MS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionDeployer.class);

    /** The parts of the JobMaster a deployment uses. */
    public record Parts(SlotPoolService slots, JobRequirements requirements, CheckpointCoordinator checkpoints,
            Executions executions, ExceptionHistory exceptions, RescaleHistory rescaleHistory,
            RestoreChoice.Storage storage, Runnable deploying) {
    }

    /** What a deployment builds off the event loop. */
    private record Prepared(ExecutionPlan plan, Map<String, String> allocations, List<SubmitTask> messages,
            RestoreChoice.ForDeployment restore) {
    }

    private final String jobId;
    private final LongSupplier epoch;
    private final Vertx vertx;
    private final Clock clock;
    private final TaskExecutorGateway taskExecutors;
    private final RunnableJob runnable;
    private final Supplier<String> jarUrl;
    private final JobSecret secret;
    private final Parts parts;
    private int attempt;

    public ExecutionDeployer(String jobId, LongSupplier epoch, Vertx vertx, Clock clock, TaskExecutorGateway taskExecutors,
            RunnableJob runnable, Supplier<String> jarUrl, JobSecret secret, Parts parts) {
        this.jobId = jobId;
        this.epoch = epoch;
        this.vertx = vertx;
        this.clock = clock;
        this.taskExecutors = taskExecutors;
        this.runnable = runnable;
        this.jarUrl = jarUrl;
        this.secret = secret;
        this.parts = parts;
    }

    /**
     * Deploys the job at {@code parallelism}, restoring the newest retained checkpoint that can be read, or
     * {@code startedFrom} (what the job started from) if none is retained.
     */
    public void deploy(Map<String, Integer> parallelism, CompletedCheckpoint startedFrom,
            CreatingExecutionGraph.Creation<JobRun> callback) {
        // A checkpoint every subtask of the run before acknowledged is still being stored: it is the one to restore.
        parts.checkpoints().settled().onComplete(stored -> deployNow(parallelism, startedFrom, callback));
    }

    private void deployNow(Map<String, Integer> parallelism, CompletedCheckpoint startedFrom,
            CreatingExecutionGraph.Creation<JobRun> callback) {
        SlotAssignment slots;
        try {
            slots = SlotAssignment.choose(parts.requirements().vertices(), parallelism, parts.slots().pool());
        } catch (IllegalStateException e) {
            // Later, not now: the scheduler waits for resources again, and must not come straight back here.
            LOG.warn("Job {} cannot be placed on the slots it holds ({}); waiting for resources again", jobId,
                    e.getMessage());
            vertx.setTimer(SLOTS_GONE_RETRY_MS, id -> callback.slotsGone(e.getMessage()));
            return;
        }
        parts.slots().pool().reserve(slots.allocationIds(), clock.millis());
        parts.deploying().run();
        // Newest first: the retained checkpoints, else what the job started from.
        List<CompletedCheckpoint> candidates = new ArrayList<>(parts.checkpoints().retainedNewestFirst());
        if (candidates.isEmpty() && startedFrom != null) {
            candidates.add(startedFrom);
        }
        int thisAttempt = ++attempt;
        LOG.info("Job {} deploys with parallelism {} on {} slots{}", jobId, parallelism, slots.size(),
                candidates.isEmpty() ? "" : " from " + (candidates.get(0).savepoint() ? "savepoint " : "checkpoint ")
                        + candidates.get(0).checkpointId());
        long jobMasterEpoch = epoch.getAsLong();
        String url = jarUrl.get();
        Map<Long, String> atRisk = parts.checkpoints().stateAtRisk();
        vertx.executeBlocking(() -> prepare(parallelism, slots, candidates, atRisk, thisAttempt, jobMasterEpoch, url),
                        false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        parts.slots().release(slots.allocationIds());
                        LOG.error("Job {} cannot be deployed", jobId, ar.cause());
                        parts.exceptions().add(clock.millis(), StackTraces.of(ar.cause()));
                        callback.failed(ar.cause(), SplitCreationException.isCause(ar.cause()));
                    } else {
                        submit(ar.result(), slots, callback);
                    }
                });
    }

    /** Off the event loop: the plan (with the user's class loader) and one deployment message per subtask. */
    private Prepared prepare(Map<String, Integer> parallelism, SlotAssignment slots, List<CompletedCheckpoint> candidates,
            Map<Long, String> atRisk, int thisAttempt, long jobMasterEpoch, String url) throws Exception {
        ClassLoader cl = runnable.classLoader();
        Thread.currentThread().setContextClassLoader(cl);
        // A checkpoint whose files went missing or bad is reported and the one before it is used.
        RestoreChoice.ForDeployment restore = RestoreChoice.firstReadable(candidates, parts.storage(), atRisk);
        ExecutionPlan plan = ExecutionPlan.create(jobId, runnable.graph(), parallelism, (vertex, i) -> {
            var s = slots.slot(runnable.vertex(vertex).slotSharingGroup(), i);
            return new ExecutionPlan.Location(s.taskExecutorId(), s.host(), s.dataPort());
        }, thisAttempt, restore.checkpoint());
        Map<String, String> allocations = new HashMap<>();
        for (ExecutionPlan.Subtask st : plan.subtasks()) {
            allocations.put(st.executionId(),
                    slots.slot(runnable.vertex(st.vertexId()).slotSharingGroup(), st.index()).allocationId());
        }
        return new Prepared(plan, allocations, Deployments.of(jobId, jobMasterEpoch, plan, allocations, cl, url,
                runnable.sha256(), secret), restore);
    }

    /** Back on the event loop: the execution starts, unless its slots went meanwhile. */
    private void submit(Prepared prepared, SlotAssignment slots, CreatingExecutionGraph.Creation<JobRun> callback) {
        prepared.restore().unreadable().forEach((id, why) -> {
            LOG.warn("Job {}: checkpoint {} cannot be restored ({}); using the one before it", jobId, id, why);
            parts.exceptions().add(clock.millis(), "checkpoint " + id + " cannot be restored: " + why);
            parts.checkpoints().dropRetained(id, why);
        });
        // The planned slots must still be ours (a TaskExecutor may have gone while the plan was built).
        if (!slots.allocationIds().stream().allMatch(parts.slots().pool()::contains)) {
            parts.slots().release(slots.allocationIds());
            callback.slotsGone("a planned slot is gone");
            return;
        }
        JobRun created = new JobRun(prepared.plan(), prepared.allocations(), clock.millis());
        CompletedCheckpoint restored = prepared.restore().checkpoint();
        parts.executions().deployed(created, restored == null ? -1 : restored.checkpointId())
                .ifPresent(again -> parts.rescaleHistory().reprocessed(again.records(), again.unknownSources()));
        if (restored != null) {
            parts.checkpoints().restoredFrom(restored);
        }
        callback.deployed(created);
        // Deployments.of gives one message per subtask, in the plan's order.
        for (int i = 0; i < prepared.messages().size(); i++) {
            SubmitTask m = prepared.messages().get(i);
            String te = prepared.plan().subtasks().get(i).location().taskExecutorId();
            taskExecutors.submitTask(te, m).onFailure(e -> parts.executions().failRun(created, m.taskName(), te,
                    "deployment of " + m.taskName() + " (" + (m.subtaskIndex() + 1) + "/" + m.parallelism()
                            + ") to " + te + " failed: " + e.getMessage()));
        }
    }
}
