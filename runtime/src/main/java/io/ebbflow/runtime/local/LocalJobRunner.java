package io.ebbflow.runtime.local;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.runtime.graph.ExecutionPlan;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.JobVertex;
import io.ebbflow.runtime.graph.StreamGraphTranslator;
import io.ebbflow.runtime.network.NetworkEnvironment;
import io.ebbflow.runtime.serialization.UserCodeSerializer;
import io.ebbflow.runtime.task.StreamTask;
import io.ebbflow.runtime.task.TaskServices;
import io.ebbflow.runtime.task.TaskSpec;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * tests and by the throughput benchmark; parallelism is each vertex's target.
 */
public final class LocalJobRunner implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final List<NetworkEnvironment> taskExecutors = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-timers");
        t.setDaemon(true);
        return t;
    });
    private final List<StreamTask> tasks = new ArrayList<>();
    private final Map<StreamTask, String> states = new ConcurrentHashMap<>();
    private final Map<StreamTask, Throwable> failures = new ConcurrentHashMap<>();
    private CountDownLatch done;
    private final int creditsPerChannel;
    private final int bufferSize;
    private java.util.function.BiFunction<Integer, Integer, Integer> placement;

    public LocalJobRunner(int taskExecutors) throws Exception {
        this(taskExecutors, 32 * 1024, 2);
    }

    public LocalJobRunner(int taskExecutors, int bufferSize, int creditsPerChannel) throws Exception {
        this.bufferSize = bufferSize;
        this.creditsPerChannel = creditsPerChannel;
        for (int i = 0; i < taskExecutors; i++) {
            NetworkEnvironment env = new NetworkEnvironment(vertx, 30_000);
            env.start("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            this.taskExecutors.add(env);
        }
    }

    /** Places subtask {@code i} of the {@code v}-th vertex on TaskExecutor {@code placement(v, i)}. */
    public LocalJobRunner placement(java.util.function.BiFunction<Integer, Integer, Integer> placement) {
        this.placement = placement;
        return this;
    }

    /** Starts the job; returns the plan. */
    public ExecutionPlan start(StreamExecutionEnvironment env) throws Exception {
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
        }, 1);
        done = new CountDownLatch(plan.subtasks().size());
        ClassLoader cl = getClass().getClassLoader();
        for (ExecutionPlan.Subtask s : plan.subtasks()) {
            // Shipped as in a cluster: every subtask gets its own copy of the user code and its splits.
            TaskSpec spec = (TaskSpec) UserCodeSerializer.deserialize(UserCodeSerializer.serialize(s.spec(), cl), cl);
            NetworkEnvironment te = taskExecutors.get(Integer.parseInt(s.location().taskExecutorId().substring(3)));
            StreamTask task = new StreamTask(spec, cl, new TaskServices(te, timers, (a, m) -> { }, bufferSize,
                    creditsPerChannel, 2, 8), new StreamTask.Listener() {
                        @Override
                        public void running(StreamTask t) {
                            states.put(t, "RUNNING");
                        }

                        @Override
                        public void finished(StreamTask t) {
                            states.put(t, "FINISHED");
                            done.countDown();
                        }

                        @Override
                        public void canceled(StreamTask t) {
                            states.put(t, "CANCELED");
                            done.countDown();
                        }

                        @Override
                        public void failed(StreamTask t, Throwable cause) {
                            states.put(t, "FAILED");
                            failures.put(t, cause);
                            done.countDown();
                        }
                    });
            tasks.add(task);
        }
        tasks.forEach(StreamTask::start);
        return plan;
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

    public Map<StreamTask, String> states() {
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
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
