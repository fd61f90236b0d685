package io.ebbflow.jm.rest;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.AutoscalerOptions;
import io.ebbflow.core.config.options.JobManagerOptions;
import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.job.VertexDescription;
import io.ebbflow.core.protocol.JobMasterMessages.EdgeView;
import io.ebbflow.core.protocol.JobMasterMessages.HeldSlot;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.protocol.JobMasterMessages.PhaseView;
import io.ebbflow.core.protocol.JobMasterMessages.RescaleView;
import io.ebbflow.core.protocol.JobMasterMessages.VertexMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.VertexView;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.jm.execution.ExceptionHistory;
import io.ebbflow.jm.execution.JobRun;
import io.ebbflow.jm.execution.RescaleHistory;
import io.ebbflow.jm.job.RunnableJob;
import io.ebbflow.jm.metrics.JobMetrics;
import io.ebbflow.jm.scheduler.AdaptiveScheduler;
import io.ebbflow.jm.scheduler.SchedulerState;
import io.ebbflow.jm.scheduler.StateTransitionManager;
import io.ebbflow.jm.slots.DeclarativeSlotPool;
import io.ebbflow.jm.slots.JobRequirements;
import io.ebbflow.jm.slots.SlotSharingAllocator;
import io.ebbflow.runtime.graph.ExecutionPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JobMaster's answers to the read-only queries behind the REST API: the job's details (vertices with
 * their bounds, parallelism, status and metrics; edges; held slots; exceptions) and its rescale history.
 * Reads the JobMaster's components on its event loop.
 *
 * @param runnable the job's dataflow, or null for a job described by its slot needs only
 * @param scheduler null for a job described by its slot needs only
 * @param autoscaler the built-in scaling policy's state (null when it is off)
 */
public record JobViews(String jobId, JobDescription job, RunnableJob runnable, AdaptiveScheduler<JobRun> scheduler,
        JobRequirements requirements, DeclarativeSlotPool pool, io.ebbflow.jm.job.JobStore store,
        ExceptionHistory exceptions, RescaleHistory rescaleHistory, JobMetrics metrics, Configuration config,
        java.util.function.Supplier<io.ebbflow.core.protocol.JobMasterMessages.AutoscalerView> autoscaler) {

    private static final List<ConfigOption<?>> SCHEDULER_OPTIONS = List.of(JobManagerOptions.SCHEDULER,
            JobManagerOptions.SCHEDULER_MODE, JobManagerOptions.RESOURCE_WAIT_TIMEOUT,
            JobManagerOptions.RESOURCE_STABILIZATION_TIMEOUT, JobManagerOptions.EXECUTING_COOLDOWN,
            JobManagerOptions.EXECUTING_STABILIZATION, JobManagerOptions.RESCALE_TRIGGER_MAX_DELAY,
            JobManagerOptions.RESCALE_TRIGGER_MAX_CHECKPOINT_FAILURES, JobManagerOptions.MIN_PARALLELISM_INCREASE,
            AutoscalerOptions.ENABLED, AutoscalerOptions.INTERVAL, AutoscalerOptions.TARGET_UTILIZATION,
            AutoscalerOptions.TARGET_UTILIZATION_BOUNDARY, AutoscalerOptions.METRICS_WINDOW,
            AutoscalerOptions.STABILIZATION_INTERVAL, AutoscalerOptions.SCALE_DOWN_INTERVAL,
            AutoscalerOptions.CATCH_UP_DURATION, AutoscalerOptions.BACKLOG_LAG_THRESHOLD,
            AutoscalerOptions.SCALE_UP_MAX_FACTOR, AutoscalerOptions.SCALE_DOWN_MAX_FACTOR,
            AutoscalerOptions.VERTEX_MIN_PARALLELISM, AutoscalerOptions.VERTEX_MAX_PARALLELISM);

    public JobDetails details() {
        JobRun run = scheduler == null ? null : scheduler.state().execution();
        List<VertexView> vertices = new ArrayList<>();
        for (VertexDescription v : job.vertices()) {
            vertices.add(vertex(v, run));
        }
        List<EdgeView> edges = runnable == null ? List.of()
                : runnable.graph().edges().stream().map(e -> new EdgeView(e.sourceVertexId(), e.targetVertexId(),
                        run == null ? e.partitioning().name()
                                : ExecutionPlan.effective(e.partitioning(), run.plan().parallelismOf(e.sourceVertexId()),
                                        run.plan().parallelismOf(e.targetVertexId())).name())).toList();
        List<HeldSlot> held = pool.slots().stream().map(s -> new HeldSlot(s.allocationId(), s.taskExecutorId(),
                s.slotIndex(), s.state().name(), s.since())).toList();
        int minSlots = requirements.slots().minSlots();
        String schedulerState = scheduler != null ? scheduler.state().name()
                : pool.held() >= minSlots ? "HoldingSlots" : "WaitingForResources";
        JobEntry entry = store.entry();
        JobStatus status = scheduler != null && !store.ended() ? scheduler.state().jobStatus() : entry.state();
        return new JobDetails(jobId, job.name(), status, schedulerState, entry.startTime(), entry.endTime(),
                entry.jobMasterEpoch(), vertices, edges, minSlots, requirements.slots().desiredSlots(), pool.quota(),
                held, exceptions.newestFirst());
    }

    private VertexView vertex(VertexDescription v, JobRun run) {
        boolean running = run != null;
        int parallelism = running ? run.plan().parallelismOf(v.id()) : 0;
        int maxParallelism = runnable != null ? runnable.vertex(v.id()).maxParallelism() : v.maxParallelism();
        boolean source = runnable != null && runnable.vertex(v.id()).isSource();
        SlotSharingAllocator.Vertex bounds = requirements.vertex(v.id()).orElse(
                new SlotSharingAllocator.Vertex(v.id(), v.slotSharingGroup(), v.minParallelism(), v.targetParallelism()));
        return new VertexView(v.id(), v.name(), v.slotSharingGroup(), bounds.min(), bounds.target(), maxParallelism,
                parallelism, running ? run.vertexStatus(v.id()) : ExecutionState.CREATED,
                running ? run.vertexMetrics(v.id(), source) : VertexMetrics.NONE,
                running ? run.subtaskViews(v.id()) : List.of());
    }

    public JobRescales rescales() {
        List<RescaleView> history = rescaleHistory.entries().stream()
                .map(e -> new RescaleView(e.id(), e.rescale(), e.cause(), e.before(), e.after(), e.start(), e.end(),
                        e.phases().stream().map(p -> new PhaseView(p.name(), p.start(), p.end())).toList(),
                        e.reprocessed(), e.unknownSources())).toList();
        SchedulerState<JobRun, ?> state = scheduler == null ? null : scheduler.state();
        StateTransitionManager stm = state == null ? null : state.transitionManager();
        Map<String, String> settings = new LinkedHashMap<>();
        for (ConfigOption<?> o : SCHEDULER_OPTIONS) {
            config.getOptional(o).ifPresent(v -> settings.put(o.key(), String.valueOf(v)));
        }
        return new JobRescales(history, metrics.rescales(), metrics.restarts(), state == null ? "Created" : state.name(),
                stm == null ? null : stm.phase().name(), stm == null ? -1 : stm.phaseDeadline(), settings,
                autoscaler.get());
    }
}
