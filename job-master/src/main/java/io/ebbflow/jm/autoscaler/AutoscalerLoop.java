package io.ebbflow.jm.autoscaler;

import io.ebbflow.api.graph.Partitioning;
import io.ebbflow.core.protocol.JobMasterMessages.AutoscalerView;
import io.ebbflow.core.protocol.JobMasterMessages.Bounds;
import io.ebbflow.core.protocol.JobMasterMessages.SubtaskView;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.VertexMetrics;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.jm.execution.JobRun;
import io.ebbflow.jm.slots.SlotSharingAllocator;
import io.ebbflow.runtime.graph.JobEdge;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.JobVertex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in scaling policy at work in a JobMaster: every {@code jobmanager.autoscaler.interval} it reads the
 * running execution's metrics into the {@link Autoscaler} (over the whole interval since its previous reading, from
 * the subtasks' running totals: {@link IntervalSamples}) and, when it decides, sets the job's resource
 * requirements as {@code PUT /jobs/:id/resource-requirements} does (a changed vertex's upper bound is its new
 * parallelism, the others keep the parallelism they run at), so the adaptive scheduler rescales when the slots
 * allow. Confined to the JobMaster's event loop.
 */
public final class AutoscalerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(AutoscalerLoop.class);

    /** What the loop reads and acts on. */
    public interface Context {
        /** The execution that runs whole (every subtask running, no rescale or restart under way), or null. */
        JobRun runningRun();

        /** Each vertex's current bounds. */
        List<SlotSharingAllocator.Vertex> requirements();

        /** New bounds for every vertex, as {@code PUT /jobs/:id/resource-requirements}; throws if refused. */
        void setRequirements(Map<String, Bounds> bounds);

        /** The decision about to be applied, for the rescale history. */
        void decided(String explanation);
    }

    private final String jobId;
    private final AutoscalerSettings settings;
    private final Clock clock;
    private final JobGraph graph;
    private final Context context;
    private final Autoscaler autoscaler;
    /** The vertices' figures over each whole interval between two samples. */
    private final IntervalSamples intervals = new IntervalSamples();
    private final List<JobVertex> ordered;
    /** Each source's splits, the most seen in a plan (a plan restored from a checkpoint may not list them). */
    private final Map<String, Integer> splits = new HashMap<>();

    public AutoscalerLoop(String jobId, AutoscalerSettings settings, Clock clock, JobGraph graph, Context context) {
        this.jobId = jobId;
        this.settings = settings;
        this.clock = clock;
        this.graph = graph;
        this.context = context;
        this.autoscaler = new Autoscaler(settings);
        this.ordered = topologicalOrder(graph);
    }

    public Cancellable start(Timers timers) {
        LOG.info("Job {}: the autoscaler decides every {} ms (target utilization {}, window {} ms, scale-down delay {} ms)",
                jobId, settings.interval().toMillis(), settings.targetUtilization(), settings.window().toMillis(),
                settings.scaleDownInterval().toMillis());
        return timers.periodic(settings.interval(), this::tick);
    }

    /** Where the policy is and its latest evaluation, for the REST API and the dashboard. */
    public AutoscalerView view() {
        Autoscaler.Status s = autoscaler.status(clock.millis());
        ScalingDecision d = s.latest();
        return new AutoscalerView(s.phase(), s.since(), d == null ? -1 : d.time(), d == null ? null : d.explanation(),
                d == null ? Map.of() : d.changes());
    }

    /** One sample, and the decision if one is due; a change of the autoscaler's phase is logged. */
    void tick() {
        long now = clock.millis();
        String before = autoscaler.status(now).phase();
        sample(now);
        String after = autoscaler.status(now).phase();
        if (!after.equals(before)) {
            LOG.info("Job {} autoscaler: {} (was {})", jobId, after, before);
        }
    }

    private void sample(long now) {
        JobRun run = context.runningRun();
        if (run == null) {
            autoscaler.onTick(now, new JobTopology(List.of()), Map.of(), false);
            return;
        }
        JobTopology topology = topology(run);
        Map<String, VertexSample> samples = new LinkedHashMap<>();
        for (JobVertex v : ordered) {
            VertexMetrics m = run.vertexMetrics(v.id(), v.isSource());
            if (m != VertexMetrics.NONE) {
                VertexSample reported = new VertexSample(m.busyTimeMsPerSecondMax(), m.numRecordsInPerSecond(),
                        m.numRecordsOutPerSecond(), m.pendingRecords(), run.busyTimeMsPerSecondAvg(v.id()));
                List<TaskMetrics> subtasks = run.subtaskViews(v.id()).stream().map(SubtaskView::metrics)
                        .filter(java.util.Objects::nonNull).toList();
                samples.put(v.id(), intervals.sample(subtasks, reported));
            }
        }
        intervals.endSample();
        autoscaler.onTick(now, topology, samples, true).ifPresent(d -> {
            LOG.debug("Job {} autoscaler: {}", jobId, d.explanation());
            if (d.rescales()) {
                apply(d, topology, now);
            }
        });
    }

    private void apply(ScalingDecision d, JobTopology topology, long now) {
        Map<String, Bounds> bounds = new LinkedHashMap<>();
        boolean changed = false;
        for (SlotSharingAllocator.Vertex current : context.requirements()) {
            JobTopology.Vertex v = topology.vertex(current.id()).orElse(null);
            if (v == null || v.fixed()) {
                bounds.put(current.id(), new Bounds(current.min(), current.target()));
                continue;
            }
            int next = d.changes().getOrDefault(v.id(), v.parallelism());
            Bounds b = new Bounds(Math.min(current.min(), next), next);
            changed |= b.lowerBound() != current.min() || b.upperBound() != current.target();
            bounds.put(current.id(), b);
        }
        if (!changed) {
            LOG.debug("Job {} autoscaler: already asked for {}, waiting for the slots", jobId, d.changes());
            return;
        }
        LOG.info("Job {} autoscaler rescales: {}", jobId, d.explanation());
        try {
            context.decided(d.explanation());
            context.setRequirements(bounds);
            autoscaler.applied(d, now);
        } catch (RuntimeException e) {
            LOG.warn("Job {} autoscaler: the new requirements {} were refused: {}", jobId, bounds, e.getMessage());
        }
    }

    private JobTopology topology(JobRun run) {
        List<JobTopology.Vertex> vertices = new ArrayList<>();
        for (JobVertex v : ordered) {
            if (v.isSource()) {
                int n = run.ofVertex(v.id()).stream().mapToInt(s -> s.plan().spec().splits().size()).sum();
                splits.merge(v.id(), n, Math::max);
            }
            List<JobEdge> inputs = graph.inputsOf(v.id());
            vertices.add(new JobTopology.Vertex(v.id(), v.name(), run.plan().parallelismOf(v.id()), v.maxParallelism(),
                    v.parallelismExplicit(), inputs.stream().map(JobEdge::sourceVertexId).toList(), v.isSource(),
                    splits.getOrDefault(v.id(), 0), inputs.stream().anyMatch(e -> e.partitioning() == Partitioning.HASH),
                    v.slotSharingGroup()));
        }
        return new JobTopology(vertices);
    }

    /** The vertices, every one after its inputs. */
    private static List<JobVertex> topologicalOrder(JobGraph graph) {
        List<JobVertex> out = new ArrayList<>();
        List<JobVertex> left = new ArrayList<>(graph.vertices());
        while (!left.isEmpty()) {
            JobVertex next = left.stream().filter(v -> graph.inputsOf(v.id()).stream()
                    .allMatch(e -> out.stream().anyMatch(o -> o.id().equals(e.sourceVertexId())))).findFirst()
                    .orElse(left.get(0)); // a cycle (iterations): take the next one as it comes
            out.add(next);
            left.remove(next);
        }
        return out;
    }
}
