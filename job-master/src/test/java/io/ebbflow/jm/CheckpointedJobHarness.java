package io.ebbflow.jm;

import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskExecutorMessages.AddSplits;
import io.ebbflow.jm.source.SplitDiscovery;
import io.ebbflow.runtime.serialization.UserCodeSerializer;
import io.ebbflow.runtime.task.SourceSplits;
import io.ebbflow.core.checkpoint.CheckpointStatus;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.cluster.WriteResult;
import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.JobMasterMessages.AcknowledgeCheckpoint;
import io.ebbflow.core.protocol.JobMasterMessages.DeclineCheckpoint;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages;
import io.ebbflow.core.protocol.TaskExecutorMessages.CancelTask;
import io.ebbflow.core.protocol.TaskExecutorMessages.NotifyCheckpointComplete;
import io.ebbflow.core.protocol.TaskExecutorMessages.TriggerCheckpoint;
import io.ebbflow.core.state.CheckpointPointer;
import io.ebbflow.core.time.ManualTime;
import io.ebbflow.jm.checkpoint.CheckpointCoordinator;
import io.ebbflow.jm.checkpoint.CheckpointDurability;
import io.ebbflow.jm.execution.JobRun;
import io.ebbflow.jm.execution.RescaleHistory;
import io.ebbflow.jm.scheduler.AdaptiveScheduler;
import io.ebbflow.jm.scheduler.CreatingExecutionGraph;
import io.ebbflow.jm.scheduler.SchedulerServices;
import io.ebbflow.jm.scheduler.SchedulerSettings;
import io.ebbflow.jm.scheduler.SchedulerState;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.graph.ExecutionPlan;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.JobVertex;
import io.ebbflow.runtime.graph.StreamGraphTranslator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A JobMaster's checkpoint-and-rescale loop on a manual clock: the real {@link AdaptiveScheduler} (its states and
 * decision engine), the real {@link CheckpointCoordinator} (writing real checkpoint metadata into a directory) and
 * the real {@link RescaleHistory} and {@link JobRun} bookkeeping, wired the way {@link JobScheduling} wires them,
 * with the TaskExecutors simulated: every source subtask reads {@link #RECORDS_PER_MS} records per millisecond of
 * manual time while it is not paused, records its count at each barrier, pauses at a barrier that says so, resumes
 * when a checkpoint at or after its pause completes or is aborted, and reports on cancellation how many records it
 * read after each checkpoint a restart could resume from (as the runtime's {@code SourceDriver} does). With a source
 * of the test's, the real {@link SplitDiscovery} looks for its new splits; the simulated subtasks hold the splits
 * they started with and those sent to them, and put them into their checkpoints' source state.
 *
 * <p>Everything runs on one Vert.x context (the coordinator writes metadata off the loop, as in production);
 * the test moves time in steps and lets the asynchronous steps settle after each one, so every run is the same.
 */
final class CheckpointedJobHarness implements SchedulerServices<JobRun>, CheckpointCoordinator.RunView,
        TaskExecutorGateway, AutoCloseable {

    static final long RECORDS_PER_MS = 10;
    private static final String JOB = "job-1";

    /** How the job is set up. */
    record Setup(Duration interval, Duration minPause, Duration checkpointTimeout, SchedulerSettings settings) {
        static Setup reactive(Duration interval) {
            // Reactive mode's scheduler defaults: 30 s cooldown, 60 s stabilization, (2 + 1) x interval trigger delay.
            return new Setup(interval, Duration.ZERO, Duration.ofMinutes(10), new SchedulerSettings(Duration.ofMillis(-1),
                    Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(60), interval.multipliedBy(3), 2, 1));
        }

        Setup withMinPause(Duration pause) {
            return new Setup(interval, pause, checkpointTimeout, settings);
        }

        Setup withCheckpointTimeout(Duration timeout) {
            return new Setup(interval, minPause, timeout, settings);
        }

        Setup withSettings(SchedulerSettings s) {
            return new Setup(interval, minPause, checkpointTimeout, s);
        }
    }

    final ManualTime time = new ManualTime(1_000_000);
    final RescaleHistory history = new RescaleHistory();
    final AdaptiveScheduler<JobRun> scheduler;
    final CheckpointCoordinator checkpoints;
    /** Every barrier the sources received, in order. */
    final List<TriggerCheckpoint> barriers = new ArrayList<>();
    /** Whether the sources hold their acknowledgements back until {@link #releaseAcks} (else they acknowledge at once). */
    boolean holdAcks;
    /** How long after its barrier a subtask acknowledges (a checkpoint's duration). */
    Duration ackDelay = Duration.ofMillis(20);
    /** How many of the next barriers the sources decline instead of acknowledging. */
    int declines;
    /** Whether the durable store holds its answers to the checkpoint pointers written until {@link #releaseRecords}. */
    boolean holdRecords;
    /** The checkpoints whose pointers the durable store recorded, in order (what a JobMaster taking over restores). */
    final List<Long> recordedDurably = new ArrayList<>();
    /** The checkpoint each run restored (0: none), in order. */
    final List<Long> restored = new ArrayList<>();
    private final Map<Long, Promise<Boolean>> heldRecords = new LinkedHashMap<>();
    /** When the scheduler last entered Executing (its cooldown runs from then). */
    long executingSince = -1;
    int slots;
    int desiredSlots = 2;
    int maxParallelism = 8;

    private final Vertx vertx = Vertx.vertx();
    private final Context loop = vertx.getOrCreateContext();
    private final JobGraph graph;
    private final Map<String, SimulatedSource> sources = new HashMap<>();
    private final List<TriggerCheckpoint> held = new ArrayList<>();
    private final Set<Long> declined = new HashSet<>();
    private final Set<Long> allAcked = new HashSet<>();
    private JobRun lastEnded;
    private int attempts;

    /** Every split message the TaskExecutors received, in order (those refused included). */
    final List<AddSplits> splitMessages = new ArrayList<>();
    /** How many of the next split messages the TaskExecutors refuse. */
    int refuseSplits;
    final SplitDiscovery discovery;

    CheckpointedJobHarness(Path directory, Setup setup) throws Exception {
        this(directory, setup, null);
    }

    /** A job reading {@code source} (null: an endless sequence). */
    CheckpointedJobHarness(Path directory, Setup setup, Source<Long, ?> source) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        (source == null ? env.fromSequence(0, Long.MAX_VALUE)
                : env.fromSource(source, WatermarkStrategy.noWatermarks(), "test source"))
                .map(v -> v * 2).addSink(new DiscardingSink<>());
        graph = StreamGraphTranslator.translate(env.getStreamGraph("job"), 1, -1, 100, 200);
        discovery = new SplitDiscovery(JOB, graph, getClass().getClassLoader(), vertx, time, this,
                new SplitDiscovery.Context() {
                    @Override
                    public JobRun runningRun() {
                        return checkpointableRun();
                    }

                    @Override
                    public long epoch() {
                        return 1;
                    }
                });
        checkpoints = new CheckpointCoordinator(JOB, vertx, time, time, this, new NoSharedMap(), directory.toString(),
                setup.interval(), setup.checkpointTimeout(), setup.minPause(), 3, 10, this, why -> {
                    throw new AssertionError("too many failed checkpoints: " + why);
                }, new CheckpointDurability(new CheckpointDurability.DurablePointer() {
                    @Override
                    public Future<Boolean> record(CheckpointPointer pointer) {
                        if (holdRecords) {
                            Promise<Boolean> held = Promise.promise();
                            heldRecords.put(pointer.checkpointId(), held);
                            return held.future();
                        }
                        recordedDurably.add(pointer.checkpointId());
                        return Future.succeededFuture(true);
                    }

                    @Override
                    public Future<Optional<CheckpointPointer>> latest() {
                        return Future.succeededFuture(Optional.empty());
                    }
                }, true, why -> {
                    throw new AssertionError(why);
                }));
        scheduler = new AdaptiveScheduler<>(JOB, this, time, time, setup.settings());
    }

    // ------------------------------------------------------------------ driving

    /** Starts the job with {@code n} slots and returns once it runs. */
    void start(int n) {
        slots = n;
        onLoop(() -> {
            checkpoints.start();
            discovery.start();
            scheduler.startScheduling();
        });
        settle();
        advance(100);
    }

    /** Moves time forward {@code millis} in 10 ms steps, letting the asynchronous steps settle after each. */
    void advance(long millis) {
        long left = millis;
        while (left > 0) {
            long step = Math.min(10, left);
            onLoop(() -> time.advance(step));
            settle();
            left -= step;
        }
    }

    /** Runs {@code action} on the JobMaster's loop, then lets it settle. */
    void act(Runnable action) {
        onLoop(action);
        settle();
    }

    /** Slots change (a TaskExecutor joins or leaves). */
    void slots(int n) {
        act(() -> {
            slots = n;
            scheduler.onNewResources();
        });
    }

    /** The durable store records the held pointers now. */
    void releaseRecords() {
        act(() -> {
            holdRecords = false;
            Map<Long, Promise<Boolean>> release = new LinkedHashMap<>(heldRecords);
            heldRecords.clear();
            release.forEach((id, held) -> {
                recordedDurably.add(id);
                held.complete(true);
            });
        });
    }

    /** The checkpoints whose pointers the durable store has not answered yet. */
    Set<Long> heldRecords() {
        return call(() -> Set.copyOf(heldRecords.keySet()));
    }

    /** A subtask of the running job fails (the job restarts through its restart strategy). */
    void failATask() {
        act(() -> {
            JobRun run = scheduler.state().runningExecution();
            JobRun.Subtask s = run.subtasks().get(0);
            run.onTaskState(s.plan().executionId(), ExecutionState.FAILED, s.plan().location().taskExecutorId(),
                    "failed by the test", Map.of(), Map.of(), time.millis());
            scheduler.onFailure("failed by the test");
        });
    }

    /** The held acknowledgements go out now. */
    void releaseAcks() {
        act(() -> {
            List<TriggerCheckpoint> release = new ArrayList<>(held);
            held.clear();
            release.forEach(this::acknowledge);
        });
    }

    /** A TaskExecutor leaves cleanly (SIGTERM) taking {@code n} slots with it, as the JobMaster hears of it. */
    void taskExecutorLeaves(int n) {
        act(() -> {
            scheduler.onResourcesLeaving("te-2 (shutting down)");
            slots -= n;
            scheduler.onNewResources();
        });
    }

    /** The job's desired slots change ({@code PUT /jobs/:id/resource-requirements}). */
    void desiredSlots(int n) {
        act(() -> {
            desiredSlots = n;
            scheduler.onNewRequirements();
        });
    }

    /** The checkpoints whose barriers the sources received, from checkpoint {@code id} on: id to whether they paused. */
    Map<Long, Boolean> barriersFrom(long id) {
        return call(() -> {
            Map<Long, Boolean> out = new LinkedHashMap<>();
            barriers.stream().filter(b -> b.checkpointId() >= id).forEach(b -> out.put(b.checkpointId(), b.pauseSources()));
            return out;
        });
    }

    /** The id of the newest barrier the sources received, or 0. */
    long lastBarrier() {
        return call(() -> barriers.isEmpty() ? 0L : barriers.get(barriers.size() - 1).checkpointId());
    }

    /** The scheduler's current state's name. */
    String state() {
        return call(() -> scheduler.state().name());
    }

    int parallelism() {
        return call(() -> {
            JobRun r = scheduler.state().execution();
            return r == null ? 0 : r.plan().parallelismOf(graph.vertices().get(0).id());
        });
    }

    List<RescaleHistory.Entry> rescales() {
        return call(history::entries);
    }

    /** The checkpoints whose acknowledgements are held back: id to whether their barrier paused the sources. */
    Map<Long, Boolean> heldBarriers() {
        return call(() -> {
            Map<Long, Boolean> out = new LinkedHashMap<>();
            held.forEach(b -> out.put(b.checkpointId(), b.pauseSources()));
            return out;
        });
    }

    <T> T call(Supplier<T> action) {
        CompletableFuture<T> done = new CompletableFuture<>();
        loop.runOnContext(v -> {
            try {
                done.complete(action.get());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void onLoop(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Waits until nothing asynchronous is under way: a triggered checkpoint's barrier has reached the sources, and
     * a checkpoint every subtask acknowledged has been stored and reported (or has failed).
     */
    private void settle() {
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .until(() -> call(this::quiet));
    }

    private boolean quiet() {
        JobCheckpoints stats = checkpoints.stats();
        for (var c : stats.history()) {
            if (c.status() == CheckpointStatus.IN_PROGRESS && heldRecords.containsKey(c.id())) {
                continue; // being stored, and the durable store holds its answer
            }
            if (c.status() == CheckpointStatus.IN_PROGRESS && (allAcked.contains(c.id())
                    || barriers.stream().noneMatch(b -> b.checkpointId() == c.id()))) {
                return false; // its barrier is about to go out, or it is being stored
            }
        }
        return true;
    }

    @Override
    public void close() {
        vertx.close();
    }

    // ------------------------------------------------------------------ the scheduler's services (as JobScheduling)

    @Override
    public boolean hasDesiredResources() {
        return slots >= desiredSlots;
    }

    @Override
    public Optional<Map<String, Integer>> parallelismFromHeldSlots() {
        if (slots < 1) {
            return Optional.empty();
        }
        Map<String, Integer> p = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            p.put(v.id(), Math.min(Math.min(slots, desiredSlots), maxParallelism));
        }
        return Optional.of(p);
    }

    @Override
    public void createExecution(Map<String, Integer> parallelism, CreatingExecutionGraph.Creation<JobRun> callback) {
        // As ExecutionDeployer: once no checkpoint is being stored, the newest retained one.
        checkpoints.settled().onComplete(settled -> deploy(parallelism, callback));
    }

    private void deploy(Map<String, Integer> parallelism, CreatingExecutionGraph.Creation<JobRun> callback) {
        // What the sources of the run before read again from the restored checkpoint.
        CompletedCheckpoint restore = checkpoints.retainedNewestFirst().stream().findFirst().orElse(null);
        JobRun run;
        try {
            ExecutionPlan plan = ExecutionPlan.create(JOB, graph, parallelism,
                    (vertex, i) -> new ExecutionPlan.Location("te-" + (i + 1), "127.0.0.1", 7000 + i), ++attempts, restore);
            Map<String, String> allocations = new HashMap<>();
            plan.subtasks().forEach(s -> allocations.put(s.executionId(), "alloc-" + s.executionId()));
            run = new JobRun(plan, allocations, time.millis());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        if (lastEnded != null) {
            JobRun.ReadAgain again = lastEnded.readAfter(restore == null ? 0 : restore.checkpointId());
            history.reprocessed(again.records(), again.unknownSources());
        }
        restored.add(restore == null ? 0L : restore.checkpointId());
        if (restore != null) {
            checkpoints.restoredFrom(restore);
        }
        // Deployed once the plan is built (off the loop in production): after this event.
        time.schedule(Duration.ZERO, () -> callback.deployed(run));
        long restoredId = restore == null ? 0 : restore.checkpointId();
        // The subtasks start running a little later; their sources read from the restored positions.
        time.schedule(Duration.ofMillis(30), () -> {
            sources.clear();
            for (JobRun.Subtask s : run.subtasks()) {
                sources.put(s.plan().executionId(), new SimulatedSource(s.plan(), restoredId, time.millis()));
                run.onTaskState(s.plan().executionId(), ExecutionState.RUNNING, s.plan().location().taskExecutorId(), null,
                        Map.of(), Map.of(), time.millis());
            }
            history.end(time.millis());
            scheduler.onExecutionStateChange();
        });
    }

    @Override
    public Map<String, Integer> parallelismOf(JobRun run) {
        Map<String, Integer> out = new LinkedHashMap<>();
        graph.vertices().forEach(v -> out.put(v.id(), run.plan().parallelismOf(v.id())));
        return out;
    }

    @Override
    public void cancel(JobRun run) {
        run.cancel();
        for (JobRun.Subtask s : run.subtasks()) {
            if (!s.terminal()) {
                cancelled(run, s.plan());
            }
        }
    }

    @Override
    public boolean hasTerminated(JobRun run) {
        boolean done = run.subtasks().stream().allMatch(JobRun.Subtask::terminal);
        if (done) {
            lastEnded = run;
        }
        return done;
    }

    @Override
    public void abandon(JobRun run) {
        run.abandon(time.millis());
    }

    @Override
    public boolean hasFinished(JobRun run) {
        return false;
    }

    @Override
    public Optional<Duration> restartBackoff(String cause) {
        return Optional.of(Duration.ofSeconds(1));
    }

    @Override
    public boolean checkpointing() {
        return checkpoints.periodicEnabled();
    }

    @Override
    public void triggerCheckpointForRescale() {
        checkpoints.requestRescaleCheckpoint();
    }

    @Override
    public void withdrawCheckpointForRescale() {
        checkpoints.withdrawRescaleCheckpoint();
    }

    @Override
    public void abortPendingCheckpoint(String reason) {
        checkpoints.abortPending(reason);
    }

    @Override
    public void restartBegins(boolean rescale, String cause, Map<String, Integer> before, long dueSince) {
        history.begin(rescale, cause, before, dueSince, time.millis());
    }

    @Override
    public void executionDeployed(Map<String, Integer> parallelism) {
        history.deployed(parallelism, time.millis());
    }

    @Override
    public void transitioned(SchedulerState<JobRun, ?> previous, SchedulerState<JobRun, ?> next) {
        if (next.name().equals("Executing")) {
            executingSince = time.millis();
        }
        if (next.isTerminal()) {
            history.end(time.millis());
        } else if (next.rescalePhase() != null) {
            history.phase(next.rescalePhase(), time.millis());
        }
    }

    @Override
    public void jobTerminated(JobStatus status, String cause) {
    }

    // ------------------------------------------------------------------ the coordinator's view of the job

    @Override
    public JobRun checkpointableRun() {
        JobRun r = scheduler.state().runningExecution();
        return r != null && r.status() == JobRun.Status.RUNNING ? r : null;
    }

    @Override
    public long epoch() {
        return 1;
    }

    @Override
    public void checkpointCompleted(boolean savepoint, boolean pausedSources) {
        if (!savepoint) {
            scheduler.onCheckpointCompleted(pausedSources);
        }
    }

    @Override
    public void checkpointFailed(boolean savepoint) {
        if (!savepoint) {
            scheduler.onCheckpointFailed();
        }
    }

    // ------------------------------------------------------------------ the TaskExecutors, simulated

    /** One source subtask: what it read, where it paused, and its count at each checkpoint it could resume from. */
    private final class SimulatedSource {
        final String taskExecutorId;
        final int index;
        final int parallelism;
        long read;
        long readUpTo;
        long pausedAt = -1;
        final NavigableMap<Long, Long> readAtCheckpoint = new TreeMap<>();
        /** The splits the subtask reads, and those it held at each barrier. */
        final List<SourceSplit> splits = new ArrayList<>();
        final Map<Long, List<SourceSplit>> splitsAtBarrier = new HashMap<>();

        SimulatedSource(ExecutionPlan.Subtask plan, long restored, long now) {
            splits.addAll(SourceSplits.startingSplits(plan.spec(), CheckpointedJobHarness.class.getClassLoader()));
            taskExecutorId = plan.location().taskExecutorId();
            index = plan.index();
            parallelism = plan.spec().parallelism();
            readAtCheckpoint.put(restored, 0L);
            readUpTo = now;
        }

        void catchUp() {
            if (pausedAt < 0) {
                read += RECORDS_PER_MS * (time.millis() - readUpTo);
            }
            readUpTo = time.millis();
        }
    }

    @Override
    public Future<Ack> triggerCheckpoint(String taskExecutorId, TriggerCheckpoint request) {
        barriers.add(request);
        for (String exec : request.executionIds()) {
            SimulatedSource s = sources.get(exec);
            if (s == null) {
                continue;
            }
            s.catchUp();
            s.readAtCheckpoint.put(request.checkpointId(), s.read);
            s.splitsAtBarrier.put(request.checkpointId(), List.copyOf(s.splits));
            if (request.pauseSources()) {
                s.pausedAt = request.checkpointId();
            }
        }
        if (declines > 0 && declined.add(request.checkpointId())) {
            declines--;
        }
        if (declined.contains(request.checkpointId())) {
            String exec = request.executionIds().get(0);
            time.schedule(ackDelay, () -> checkpoints.decline(new DeclineCheckpoint(taskExecutorId, exec,
                    request.checkpointId(), "declined by the test")));
        } else if (holdAcks) {
            held.add(request);
        } else {
            time.schedule(ackDelay, () -> acknowledge(request));
        }
        return Future.succeededFuture(Ack.INSTANCE);
    }

    private void acknowledge(TriggerCheckpoint request) {
        allAcked.add(request.checkpointId());
        for (String exec : request.executionIds()) {
            SimulatedSource s = sources.get(exec);
            if (s != null) {
                List<byte[]> splits = s.splitsAtBarrier.getOrDefault(request.checkpointId(), List.of()).stream()
                        .map(split -> UserCodeSerializer.serialize(split, getClass().getClassLoader())).toList();
                OperatorSnapshot sourceState = new OperatorSnapshot(graph.vertices().get(0).head().operatorId(), 0,
                        List.of(), Map.of(SourceSplits.STATE_NAME, splits), Map.of());
                checkpoints.acknowledge(new AcknowledgeCheckpoint(s.taskExecutorId, exec, request.checkpointId(),
                        new SubtaskSnapshot(graph.vertices().get(0).id(), s.index, s.parallelism, null, 0,
                                List.of(sourceState))));
            }
        }
    }

    @Override
    public Future<Ack> notifyCheckpointComplete(String taskExecutorId, NotifyCheckpointComplete request) {
        for (String exec : request.executionIds()) {
            SimulatedSource s = sources.get(exec);
            if (s == null) {
                continue;
            }
            s.catchUp();
            if (s.pausedAt >= 0 && s.pausedAt <= request.checkpointId()) {
                s.pausedAt = -1;
            }
            if (!request.aborted() && s.readAtCheckpoint.containsKey(request.checkpointId())) {
                s.readAtCheckpoint.headMap(request.checkpointId(), false).clear();
            }
        }
        return Future.succeededFuture(Ack.INSTANCE);
    }

    /** A subtask is cancelled: it stops reading and reports, a little later, what it read after each checkpoint. */
    private void cancelled(JobRun run, ExecutionPlan.Subtask plan) {
        SimulatedSource s = sources.remove(plan.executionId());
        Map<Long, Long> readAfter = new LinkedHashMap<>();
        if (s != null) {
            s.catchUp();
            s.readAtCheckpoint.forEach((id, at) -> readAfter.put(id, s.read - at));
        }
        time.schedule(Duration.ofMillis(5), () -> {
            run.onTaskState(plan.executionId(), ExecutionState.CANCELED, plan.location().taskExecutorId(), null, readAfter,
                    Map.of(), time.millis());
            scheduler.onExecutionStateChange();
        });
    }

    /** Splits for a running source subtask: it reads them from now on (unless the test makes the TaskExecutor refuse). */
    @Override
    public Future<Ack> addSplits(String taskExecutorId, AddSplits request) {
        splitMessages.add(request);
        SimulatedSource s = sources.get(request.executionId());
        if (refuseSplits > 0) {
            refuseSplits--;
            return Future.failedFuture(ProtocolException.unavailable("refused by the test"));
        }
        if (s == null || !s.taskExecutorId.equals(taskExecutorId)) {
            return Future.failedFuture(ProtocolException.notFound("subtask " + request.executionId() + " is not on "
                    + taskExecutorId));
        }
        @SuppressWarnings("unchecked")
        List<SourceSplit> splits = (List<SourceSplit>) UserCodeSerializer.deserialize(request.splits(),
                getClass().getClassLoader());
        s.splits.addAll(splits);
        return Future.succeededFuture(Ack.INSTANCE);
    }

    /** The ids of the splits each running source subtask reads, by subtask index. */
    Map<Integer, Set<String>> splitsOfSubtasks() {
        return call(() -> {
            Map<Integer, Set<String>> out = new TreeMap<>();
            sources.values().forEach(s -> out.put(s.index, s.splits.stream().map(SourceSplit::splitId)
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new))));
            return out;
        });
    }

    @Override
    public Future<Ack> cancelTask(String taskExecutorId, CancelTask request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Ack> submitTask(String taskExecutorId, TaskExecutorMessages.SubmitTask request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Ack> requestSlot(String taskExecutorId, TaskExecutorMessages.RequestSlot request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<TaskExecutorMessages.SlotsRequested> requestSlots(String taskExecutorId,
            TaskExecutorMessages.RequestSlots request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Ack> freeSlot(String taskExecutorId, TaskExecutorMessages.FreeSlot request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<TaskExecutorMessages.TaskExecutorJobReport> heartbeatFromJobMaster(String taskExecutorId,
            TaskExecutorMessages.AllocatedSlotReport report) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Ack> disconnectJobMaster(String taskExecutorId, TaskExecutorMessages.DisconnectJobMaster request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<TaskExecutorMessages.TaskExecutorStatus> status(String taskExecutorId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Ack> leave(String taskExecutorId, TaskExecutorMessages.Leave request) {
        throw new UnsupportedOperationException();
    }

    /** The cluster map of checkpoint pointers: not read here. */
    private static final class NoSharedMap implements SharedMap<CheckpointPointer> {
        @Override
        public String name() {
            return "ebbflow.checkpoints";
        }

        @Override
        public Future<Map<String, Versioned<CheckpointPointer>>> entries() {
            return Future.succeededFuture(Map.of());
        }

        @Override
        public Future<Versioned<CheckpointPointer>> get(String key) {
            return Future.succeededFuture(null);
        }

        @Override
        public Future<WriteResult<CheckpointPointer>> write(String key, long expectedVersion, long writerEpoch,
                CheckpointPointer value) {
            return Future.succeededFuture(null);
        }
    }
}
