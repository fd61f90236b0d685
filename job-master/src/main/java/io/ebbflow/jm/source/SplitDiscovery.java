package io.ebbflow.jm.source;

import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.AddSplits;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Timers;
import io.ebbflow.jm.execution.JobRun;
import io.ebbflow.runtime.graph.ExecutionPlan;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.JobVertex;
import io.ebbflow.runtime.serialization.UserCodeSerializer;
import io.ebbflow.runtime.task.SourceSplits;
import io.ebbflow.runtime.task.SplitAssignment;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the splits that appear while a job runs (new partitions of a Kafka topic) and hands each to the running
 * source subtask that reads it. For every source vertex whose {@link Source#discoveryIntervalMillis()} is positive a
 * timer on the JobMaster's event loop asks, while the job is RUNNING, {@link Source#discoverSplits} off the loop
 * (with the job's class loader); the new splits go, by {@link Source#ownerOf}, to their subtasks in
 * {@link AddSplits} messages.
 *
 * <p>The splits a run knows: those its source subtasks started with (dealt at the job's start, or their share of
 * the restored checkpoint's source state), plus those sent to it since. A new run (restart, rescale) recomputes them
 * from what it restored, so a split sent after the barrier of the checkpoint it restored is found and sent again. A
 * split whose message failed is forgotten, so the next discovery sends it again (a subtask reads a split once even if
 * it gets it twice). Discovery failures (a broker down) are logged with their cause and retried at the next
 * interval; they never fail the job.
 *
 * <p>Confined to the JobMaster's event loop; one discovery per source is under way at a time.
 */
public final class SplitDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(SplitDiscovery.class);

    /** What discovery needs of the JobMaster. */
    public interface Context {
        /** The job's current run while the job is RUNNING (every subtask running), else null. */
        JobRun runningRun();

        /** The JobMaster's epoch, for the messages. */
        long epoch();
    }

    private final String jobId;
    private final ClassLoader classLoader;
    private final Vertx vertx;
    private final Timers timers;
    private final TaskExecutorGateway taskExecutors;
    private final Context context;
    private final List<VertexDiscovery> sources = new ArrayList<>();

    /**
     * @param classLoader the job's: discovery runs in it and the splits are serialized with it
     * @param vertx runs the discovery calls off the event loop
     */
    public SplitDiscovery(String jobId, JobGraph graph, ClassLoader classLoader, Vertx vertx, Timers timers,
            TaskExecutorGateway taskExecutors, Context context) {
        this.jobId = jobId;
        this.classLoader = classLoader;
        this.vertx = vertx;
        this.timers = timers;
        this.taskExecutors = taskExecutors;
        this.context = context;
        for (JobVertex v : graph.vertices()) {
            if (v.head().spec() instanceof OperatorSpec.SourceOp op && op.source().discoveryIntervalMillis() > 0) {
                sources.add(new VertexDiscovery(v.id(), v.name(), op.source(),
                        Duration.ofMillis(op.source().discoveryIntervalMillis())));
            }
        }
    }

    /** Arms one timer per source with discovery; returns them, to be cancelled when the JobMaster stops. */
    public List<Cancellable> start() {
        List<Cancellable> out = new ArrayList<>();
        for (VertexDiscovery d : sources) {
            LOG.info("Job {}: source {} looks for new splits every {} ms while the job runs", jobId, d.name,
                    d.interval.toMillis());
            out.add(timers.periodic(d.interval, d::discover));
        }
        return out;
    }

    /** Whether a discovery is under way (its call, or its result on the way back to the loop). */
    public boolean lookingForSplits() {
        return sources.stream().anyMatch(d -> d.underWay);
    }

    /** What one discovery found, off the loop. */
    private record Found(Set<String> known, SplitAssignment assignment, Map<Integer, byte[]> serialized) {
    }

    /** Discovery for one source vertex, and the splits the run it follows knows. */
    private final class VertexDiscovery {
        final String vertexId;
        final String name;
        final Source<?, ?> source;
        final Duration interval;
        /** The run the known splits are of (null: none yet). */
        JobRun run;
        Set<String> known = new HashSet<>();
        boolean underWay;

        VertexDiscovery(String vertexId, String name, Source<?, ?> source, Duration interval) {
            this.vertexId = vertexId;
            this.name = name;
            this.source = source;
            this.interval = interval;
        }

        void discover() {
            JobRun current = context.runningRun();
            if (current == null) {
                LOG.trace("Job {}: no split discovery for source {}: the job is not running", jobId, name);
                return;
            }
            if (underWay) {
                LOG.debug("Job {}: source {} is still looking for splits; this round is skipped", jobId, name);
                return;
            }
            underWay = true;
            // A new run's known splits are computed off the loop, from its plan (restored state is user code).
            Set<String> knownNow = current == run ? Set.copyOf(known) : null;
            vertx.executeBlocking(() -> find(current.plan(), knownNow), false)
                    .onComplete(ar -> {
                        underWay = false;
                        if (ar.failed()) {
                            LOG.warn("Job {}: looking for new splits of source {} failed; retried in {} ms", jobId, name,
                                    interval.toMillis(), ar.cause());
                        } else {
                            apply(current, ar.result());
                        }
                    });
        }

        /** Off the loop, with the job's class loader: the known splits, discovery, the owners, the messages' bytes. */
        private Found find(ExecutionPlan plan, Set<String> knownNow) throws Exception {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(classLoader);
            try {
                Set<String> k = knownNow != null ? knownNow : startingSplitIds(plan);
                List<? extends SourceSplit> found = source.discoverSplits(java.util.Collections.unmodifiableSet(k));
                SplitAssignment assignment = SplitAssignment.of(source, found, k, plan.parallelismOf(vertexId));
                Map<Integer, byte[]> serialized = new java.util.TreeMap<>();
                assignment.bySubtask().forEach((i, splits) ->
                        serialized.put(i, UserCodeSerializer.serialize(new ArrayList<>(splits), classLoader)));
                return new Found(k, assignment, serialized);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        private Set<String> startingSplitIds(ExecutionPlan plan) {
            Set<String> out = new HashSet<>();
            for (ExecutionPlan.Subtask s : plan.subtasks()) {
                if (s.vertexId().equals(vertexId)) {
                    SourceSplits.startingSplits(s.spec(), classLoader).forEach(split -> out.add(split.splitId()));
                }
            }
            return out;
        }

        /** Back on the loop: unless the run changed meanwhile, the new splits are known and go to their subtasks. */
        private void apply(JobRun current, Found found) {
            if (context.runningRun() != current) {
                LOG.debug("Job {}: splits found for source {} dropped: the run they were found for is no longer running",
                        jobId, name);
                return;
            }
            if (run != current) {
                run = current;
                known = new HashSet<>(found.known());
            }
            found.assignment().bySubtask().forEach((index, splits) -> send(current, index, splits,
                    found.serialized().get(index)));
        }

        private void send(JobRun current, int index, List<SourceSplit> splits, byte[] bytes) {
            JobRun.Subtask subtask = current.ofVertex(vertexId).stream().filter(s -> s.plan().index() == index)
                    .findFirst().orElseThrow();
            String exec = subtask.plan().executionId();
            String te = subtask.plan().location().taskExecutorId();
            List<String> ids = splits.stream().map(SourceSplit::splitId).toList();
            known.addAll(ids);
            LOG.info("Job {}: source {} has new splits {}, for subtask {} on {}", jobId, name, ids, index + 1, te);
            taskExecutors.addSplits(te, new AddSplits(jobId, context.epoch(), exec, ids, bytes))
                    .onFailure(e -> {
                        LOG.warn("Job {}: new splits {} of source {} did not reach subtask {} on {} ({}); they are sent "
                                + "again after the next discovery", jobId, ids, name, index + 1, te, e.getMessage());
                        if (run == current) {
                            ids.forEach(known::remove);
                        }
                    });
        }
    }
}
