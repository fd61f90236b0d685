package io.ebbflow.runtime.local;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.runtime.checkpoint.CheckpointBarrier;
import io.ebbflow.runtime.checkpoint.CheckpointTracker;
import io.ebbflow.runtime.checkpoint.CheckpointStorage;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.runtime.graph.ExecutionPlan;
import io.ebbflow.runtime.task.CheckpointResponder;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.JobVertex;
import io.ebbflow.runtime.graph.StreamGraphTranslator;
import io.ebbflow.runtime.network.NetworkEnvironment;
import io.ebbflow.runtime.serialization.UserCodeSerializer;
import io.ebbflow.runtime.task.SourceSplits;
import io.ebbflow.runtime.task.SplitAssignment;
import io.ebbflow.runtime.task.StreamTask;
import io.ebbflow.runtime.task.TaskServices;
import io.ebbflow.runtime.task.TaskSpec;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job in this JVM, without a cluster (Ebbflow's counterpart of Flink's MiniCluster), on several
 * simulated TaskExecutors, each with its own data server: subtask i of every vertex goes to TaskExecutor
 * {@code i mod n} unless told otherwise, so jobs exercise local and TCP channels. User code is shipped
 * through the same serializer as in a cluster, so each subtask has its own function copies. Used by
 * tests and by the throughput benchmark; parallelism is each vertex's target. Sources with split discovery are
 * asked for new splits every interval, as the JobMaster asks them ({@link #discoverSplits}).
 */
public final class LocalJobRunner implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalJobRunner.class);

    private final Vertx vertx = Vertx.vertx();
    private final List<NetworkEnvironment> taskExecutors = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-timers");
        t.setDaemon(true);
        return t;
    });
    private final List<StreamTask> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<StreamTask, ExecutionState> states = new ConcurrentHashMap<>();
    private final Map<StreamTask, Throwable> failures = new ConcurrentHashMap<>();
    private CountDownLatch done;
    private final int creditsPerChannel;
    private final int bufferSize;
    private java.util.function.BiFunction<Integer, Integer, Integer> placement;
    /** Two writers, as a TaskExecutor has: the subtasks' asynchronous snapshot parts run side by side. */
    private final java.util.concurrent.ExecutorService snapshotIo = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "local-snapshot-io");
        t.setDaemon(true);
        return t;
    });
    private java.util.concurrent.Executor snapshotExecutor = snapshotIo;
    private java.nio.file.Path checkpointDirectory = java.nio.file.Path.of("checkpoints");
    private CheckpointTracker coordinator;
    private final Map<Long, CompletableFuture<CompletedCheckpoint>> checkpointFutures = new ConcurrentHashMap<>();
    private int attempt;
    /** Runs the sources' split discovery (blocking calls, so not on the timers' thread); one per job run. */
    private ScheduledExecutorService discovery;

    public LocalJobRunner(int taskExecutors) throws Exception {
        this(taskExecutors, 32 * 1024, 2);
    }

    public LocalJobRunner(int taskExecutors, int bufferSize, int creditsPerChannel) throws Exception {
        this.bufferSize = bufferSize;
        this.creditsPerChannel = creditsPerChannel;
        // Its "TaskExecutors" share the job's secret, as deployments hand it to real ones.
        io.ebbflow.core.security.JobSecret secret = io.ebbflow.core.security.JobSecret.generate();
        for (int i = 0; i < taskExecutors; i++) {
            NetworkEnvironment env = new NetworkEnvironment(vertx, 30_000);
            env.trustJob("job", secret);
            env.start("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            this.taskExecutors.add(env);
        }
    }

    /** Places subtask {@code i} of the {@code v}-th vertex on TaskExecutor {@code placement(v, i)}. */
    public LocalJobRunner placement(java.util.function.BiFunction<Integer, Integer, Integer> placement) {
        this.placement = placement;
        return this;
    }

    /** Where checkpoints go ({@code <dir>/job/chk-<id>}). */
    /** Where subtasks serialize and write their snapshots (tests hold them back to see writes overlap); before start. */
    public LocalJobRunner snapshotExecutor(java.util.concurrent.Executor executor) {
        this.snapshotExecutor = executor;
        return this;
    }

    public LocalJobRunner checkpointDirectory(java.nio.file.Path dir) {
        this.checkpointDirectory = dir;
        return this;
    }

    /** Starts the job; returns the plan. */
    public ExecutionPlan start(StreamExecutionEnvironment env) throws Exception {
        return start(env, null);
    }

    /**
     * Starts the job from a checkpoint (null: fresh), each vertex at its target parallelism, which may
     * differ from the checkpoint's. Only one job runs at a time: the previous one must have ended.
     */
    public ExecutionPlan start(StreamExecutionEnvironment env, CompletedCheckpoint restoreFrom) throws Exception {
        tasks.clear();
        states.clear();
        failures.clear();
        attempt++;
        coordinator = new CheckpointTracker("job", checkpointDirectory, 3, 0,
                restoreFrom == null ? 1 : restoreFrom.checkpointId() + 1);
        JobGraph graph = StreamGraphTranslator.translate(env.getStreamGraph("test"), 1, -1, 100, 200);
        Map<String, Integer> parallelism = new HashMap<>();
        for (JobVertex v : graph.vertices()) {
            parallelism.put(v.id(), v.targetParallelism());
        }
        int n = taskExecutors.size();
        List<String> vertexIds = graph.vertices().stream().map(JobVertex::id).toList();
        java.util.function.BiFunction<Integer, Integer, Integer> place = placement != null ? placement : (v, i) -> i % n;
        ExecutionPlan plan = ExecutionPlan.create("job", graph, parallelism, (vertex, i) -> {
            int te = place.apply(vertexIds.indexOf(vertex), i);
            return new ExecutionPlan.Location("te-" + te, "127.0.0.1", taskExecutors.get(te).dataPort());
        }, attempt, restoreFrom);
        if (restoreFrom != null) {
            coordinator.restoredFrom(restoreFrom, System.currentTimeMillis());
        }
        done = new CountDownLatch(plan.subtasks().size());
        ClassLoader cl = getClass().getClassLoader();
        for (ExecutionPlan.Subtask s : plan.subtasks()) {
            // Shipped as in a cluster: every subtask gets its own copy of the user code and its splits.
            TaskSpec spec = (TaskSpec) UserCodeSerializer.deserialize(UserCodeSerializer.serialize(s.spec(), cl), cl);
            NetworkEnvironment te = taskExecutors.get(Integer.parseInt(s.location().taskExecutorId().substring(3)));
            StreamTask task = new StreamTask(spec, cl, new TaskServices(te, timers, (a, m) -> { }, bufferSize,
                    creditsPerChannel, 2, 8, responder, snapshotExecutor), new StreamTask.Listener() {
                        @Override
                        public void running(StreamTask t) {
                            states.put(t, ExecutionState.RUNNING);
                        }

                        @Override
                        public void finished(StreamTask t) {
                            states.put(t, ExecutionState.FINISHED);
                            done.countDown();
                        }

                        @Override
                        public void canceled(StreamTask t) {
                            states.put(t, ExecutionState.CANCELED);
                            done.countDown();
                        }

                        @Override
                        public void failed(StreamTask t, Throwable cause) {
                            states.put(t, ExecutionState.FAILED);
                            failures.put(t, cause);
                            done.countDown();
                        }
                    });
            tasks.add(task);
        }
        tasks.forEach(StreamTask::start);
        discoverSplits(graph, plan, cl);
        return plan;
    }

    /**
     * For every source with split discovery: every interval, the splits it finds that the run does not know go to the
     * subtasks that own them, if running (the JobMaster's {@code SplitDiscovery} in small). The run knows the splits
     * its source subtasks started with and those sent since; a failed discovery is logged and tried again.
     */
    private void discoverSplits(JobGraph graph, ExecutionPlan plan, ClassLoader cl) {
        if (discovery != null) {
            discovery.shutdownNow();
            discovery = null;
        }
        for (JobVertex v : graph.vertices()) {
            if (!(v.head().spec() instanceof io.ebbflow.api.graph.OperatorSpec.SourceOp op)
                    || op.source().discoveryIntervalMillis() <= 0) {
                continue;
            }
            if (discovery == null) {
                discovery = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "local-split-discovery");
                    t.setDaemon(true);
                    t.setContextClassLoader(cl);
                    return t;
                });
            }
            java.util.Set<String> known = new java.util.HashSet<>();
            for (ExecutionPlan.Subtask s : plan.subtasks()) {
                if (s.vertexId().equals(v.id())) {
                    SourceSplits.startingSplits(s.spec(), cl).forEach(split -> known.add(split.splitId()));
                }
            }
            List<StreamTask> subtasks = tasks.stream().filter(t -> t.spec().vertexId().equals(v.id())).toList();
            long interval = op.source().discoveryIntervalMillis();
            discovery.scheduleWithFixedDelay(() -> discoverOnce(op.source(), known, subtasks, cl), interval, interval,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void discoverOnce(io.ebbflow.api.connector.Source<?, ?> source, java.util.Set<String> known,
            List<StreamTask> subtasks, ClassLoader cl) {
        try {
            SplitAssignment assignment = SplitAssignment.of(source,
                    source.discoverSplits(java.util.Collections.unmodifiableSet(known)), known, subtasks.size());
            assignment.bySubtask().forEach((index, splits) -> {
                StreamTask task = subtasks.get(index);
                if (states.get(task) == ExecutionState.RUNNING) {
                    task.addSplits(UserCodeSerializer.serialize(new ArrayList<>(splits), cl));
                    splits.forEach(s -> known.add(s.splitId()));
                }
            });
        } catch (Exception e) {
            LOG.warn("Looking for new splits failed; retried at the next interval", e);
        }
    }

    private final CheckpointResponder responder = new CheckpointResponder() {
        @Override
        public void acknowledge(TaskSpec task, long checkpointId, SubtaskSnapshot snapshot,
                io.ebbflow.core.checkpoint.SubtaskCheckpointMetrics metrics) {
            CompletedCheckpoint done;
            synchronized (LocalJobRunner.this) {
                done = coordinator.acknowledge(task.executionId(), checkpointId, snapshot, metrics, System.currentTimeMillis())
                        .orElse(null);
                if (done == null) {
                    return;
                }
                try {
                    CheckpointStorage.writeMetadata(done);
                } catch (Exception e) {
                    coordinator.fail(checkpointId, e.toString(), System.currentTimeMillis());
                    complete(checkpointId, null, e);
                    return;
                }
                for (String old : coordinator.completed(done, System.currentTimeMillis())) {
                    try {
                        CheckpointStorage.discard(old);
                    } catch (java.io.IOException ignored) {
                        // best effort
                    }
                }
            }
            tasks.forEach(t -> t.notifyCheckpointComplete(checkpointId));
            complete(checkpointId, done, null);
        }

        @Override
        public void decline(TaskSpec task, long checkpointId, String reason) {
            synchronized (LocalJobRunner.this) {
                coordinator.fail(checkpointId, reason, System.currentTimeMillis());
            }
            complete(checkpointId, null, new IllegalStateException("checkpoint " + checkpointId + " declined: " + reason));
        }
    };

    private void complete(long id, CompletedCheckpoint cp, Throwable failure) {
        CompletableFuture<CompletedCheckpoint> f = checkpointFutures.remove(id);
        if (f != null) {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(cp);
            }
        }
    }

    /** Triggers a checkpoint (or, with a directory, a savepoint) of the running job; completes when it is stored. */
    public CompletableFuture<CompletedCheckpoint> triggerCheckpoint(String savepointDirectory) {
        CheckpointBarrier barrier;
        CompletableFuture<CompletedCheckpoint> f = new CompletableFuture<>();
        synchronized (this) {
            // Subtasks that finished (a source without splits left) have no state left to contribute.
            barrier = coordinator.trigger(System.currentTimeMillis(), tasks.stream()
                    .filter(t -> states.get(t) != ExecutionState.FINISHED).map(t -> t.spec().executionId()).toList(),
                    savepointDirectory).orElse(null);
            if (barrier == null) {
                f.completeExceptionally(new IllegalStateException("a checkpoint is in progress"));
                return f;
            }
            checkpointFutures.put(barrier.id(), f);
        }
        try {
            io.ebbflow.runtime.checkpoint.CheckpointStorage.createDirectory(java.nio.file.Path.of(barrier.directory()));
        } catch (java.io.IOException e) {
            synchronized (this) {
                coordinator.fail(barrier.id(), "its directory cannot be created: " + e, System.currentTimeMillis());
                checkpointFutures.remove(barrier.id());
            }
            f.completeExceptionally(e);
            return f;
        }
        for (StreamTask t : tasks) {
            if (t.spec().inputs().isEmpty() && states.get(t) != ExecutionState.FINISHED) {
                t.triggerCheckpoint(barrier);
            }
        }
        return f;
    }

    public CompletableFuture<CompletedCheckpoint> triggerCheckpoint() {
        return triggerCheckpoint(null);
    }

    /** The checkpoint statistics, newest first, with each subtask's synchronous and asynchronous durations. */
    public synchronized List<io.ebbflow.runtime.checkpoint.CheckpointStats> checkpointHistory() {
        return coordinator == null ? List.of() : coordinator.history(System.currentTimeMillis());
    }

    /** Runs a bounded job to the end; fails if any subtask failed. */
    public void run(StreamExecutionEnvironment env, Duration timeout) throws Exception {
        start(env);
        awaitAll(timeout);
        if (!failures.isEmpty()) {
            Throwable t = failures.values().iterator().next();
            throw new AssertionError("a subtask failed: " + t, t);
        }
    }

    public boolean awaitAll(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<StreamTask> tasks() {
        return tasks;
    }

    public Map<StreamTask, ExecutionState> states() {
        return states;
    }

    public Map<StreamTask, Throwable> failures() {
        return failures;
    }

    public List<NetworkEnvironment> taskExecutors() {
        return taskExecutors;
    }

    public void cancelAll() {
        tasks.forEach(StreamTask::cancel);
    }

    @Override
    public void close() throws Exception {
        cancelAll();
        for (StreamTask t : tasks) {
            t.join(10_000);
        }
        for (NetworkEnvironment te : taskExecutors) {
            te.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        timers.shutdownNow();
        snapshotIo.shutdownNow();
        if (discovery != null) {
            discovery.shutdownNow();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
