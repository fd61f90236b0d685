package io.ebbflow.rm;

import io.ebbflow.core.protocol.ResourceManagerMessages.WorkerView;
import io.ebbflow.core.protocol.ResourceManagerMessages.WorkersView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active resource management, decided without I/O: which TaskExecutors (workers) the resource provider should
 * start and which it should stop, from the jobs' declared slots and the registered TaskExecutors. The
 * ResourceManager calls {@link #plan} after changes and periodically with the current time, carries out the
 * {@link Plan}, and reports back what the provider did ({@link #started}, {@link #startFailed},
 * {@link #exited}).
 *
 * <pre>
 *   plan: start ──► REQUESTED ──started──► STARTED ──its TaskExecutor registers──► REGISTERED
 *                       │                     │                                      │ idle for taskmanager-timeout,
 *                       │ startFailed         │ registration timeout                 │ not needed: plan stops it
 *                       ▼                     ▼ (failed start)                       ▼
 *                    (gone)              STOPPING ◄──────────────────────────────────┘
 *                                            │ exited
 *                                            ▼
 *                                         (gone)          exited while not STOPPING: a crash (or failed start)
 * </pre>
 *
 * <p>Rules: a worker is requested only when the declared slots exceed the slots of the registered TaskExecutors
 * plus those of pending workers (so repeated plans never overshoot), never beyond
 * {@code resourcemanager.max-task-executors}, and not while backing off after a failure (the wait doubles with
 * each failure in a row and is reset when a started worker registers). Pending workers beyond the need are
 * cancelled, newest first. A registered worker is stopped when all its slots have been free for the idle timeout,
 * no job is restoring, and the other TaskExecutors still cover the declared slots: a TaskExecutor that holds a
 * slot of a job is never released.
 *
 * <p>Not thread-safe: confined to the ResourceManager's verticle.
 */
final class WorkerPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPlanner.class);

    /** How a worker is sized and how long things may take. */
    record Settings(String provider, int slotsPerWorker, int maxWorkers, Duration idleTimeout,
            Duration registrationTimeout, Duration retryInterval, Duration maxRetryInterval) {
    }

    /**
     * What the slot manager says.
     *
     * @param declaredSlots the slots the connected jobs declared they want
     * @param taskExecutors every registered TaskExecutor (started by the provider or not)
     * @param jobRestoring a job's JobMaster is gone but may come back, or a job holds fewer slots than its share
     */
    record Demand(int declaredSlots, Map<String, TaskExecutorUse> taskExecutors, boolean jobRestoring) {
    }

    /** A registered TaskExecutor: its slots, and whether all of them are free. */
    record TaskExecutorUse(int slots, boolean idle) {
    }

    /** A worker to stop, and why (for the log). */
    record Stop(String workerId, String handle, String reason) {
    }

    /** The decision: workers to start (new ids) and workers to stop. */
    record Plan(List<String> start, List<Stop> stop) {
        boolean isEmpty() {
            return start.isEmpty() && stop.isEmpty();
        }
    }

    enum State { REQUESTED, STARTED, REGISTERED, STOPPING }

    private static final class Worker {
        private final String id;
        private State state;
        private String handle;
        private final long requestedAt;
        private long idleSince = -1;

        private Worker(String id, State state, String handle, long requestedAt) {
            this.id = id;
            this.state = state;
            this.handle = handle;
            this.requestedAt = requestedAt;
        }

        private boolean pending() {
            return state == State.REQUESTED || state == State.STARTED;
        }
    }

    private final Settings settings;
    private final Supplier<String> newWorkerId;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private int failuresInARow;
    private long noStartBefore;
    private long failedStarts;
    private long crashes;
    private long released;

    WorkerPlanner(Settings settings, Supplier<String> newWorkerId) {
        this.settings = settings;
        this.newWorkerId = newWorkerId;
    }

    // ------------------------------------------------------------------ what the provider did

    /** After a failover: a worker the predecessor started that still runs; it registers (again) or times out. */
    void adopt(String workerId, String handle, long requestedAt) {
        workers.putIfAbsent(workerId, new Worker(workerId, State.STARTED, handle, requestedAt));
    }

    /** The provider runs the worker now (process started, pod created). */
    void started(String workerId, String handle) {
        Worker w = workers.get(workerId);
        if (w != null && w.state == State.REQUESTED) {
            w.state = State.STARTED;
            w.handle = handle;
        }
    }

    /** The provider could not start the worker: counted, backed off. */
    void startFailed(String workerId, String why, long now) {
        if (workers.remove(workerId) != null) {
            failedStarts++;
            backOff(now, "worker " + workerId + " could not be started: " + why);
        }
    }

    /**
     * The worker's process or pod ended. Expected if it was being stopped; otherwise a crash (if it had
     * registered) or a failed start, counted and backed off.
     *
     * @return whether it was a crash or failed start
     */
    boolean exited(String workerId, String why, long now) {
        Worker w = workers.remove(workerId);
        if (w == null || w.state == State.STOPPING) {
            return false;
        }
        if (w.state == State.REGISTERED) {
            crashes++;
            backOff(now, "worker " + workerId + " crashed: " + why);
        } else {
            failedStarts++;
            backOff(now, "worker " + workerId + " ended before it registered: " + why);
        }
        return true;
    }

    private void backOff(long now, String why) {
        failuresInARow++;
        long wait = settings.retryInterval().toMillis() << Math.min(failuresInARow - 1, 20);
        wait = Math.min(wait, settings.maxRetryInterval().toMillis());
        noStartBefore = Math.max(noStartBefore, now + wait);
        LOG.warn("{}; no worker is started for {} ms ({} failures in a row)", why, wait, failuresInARow);
    }

    // ------------------------------------------------------------------ the decision

    /** Decides which workers to start and stop now; the decided stops are STOPPING and the starts REQUESTED. */
    Plan plan(Demand demand, long now) {
        List<Stop> stops = new ArrayList<>();
        noteRegistrations(demand);
        stopUnregistered(now, stops);
        int supply = supply(demand);
        List<String> starts = new ArrayList<>();
        if (demand.declaredSlots() > supply) {
            starts = requestWorkers(demand.declaredSlots() - supply, now);
        } else {
            supply = cancelPending(demand.declaredSlots(), supply, stops);
        }
        trackIdleness(demand, now);
        if (demand.declaredSlots() <= supply) {
            releaseIdle(demand, supply, now, stops);
        }
        return new Plan(starts, stops);
    }

    private void noteRegistrations(Demand demand) {
        for (Worker w : workers.values()) {
            if (w.pending() && demand.taskExecutors().containsKey(w.id)) {
                w.state = State.REGISTERED;
                failuresInARow = 0;
                LOG.info("Worker {} registered as a TaskExecutor", w.id);
            }
        }
    }

    private void stopUnregistered(long now, List<Stop> stops) {
        long timeout = settings.registrationTimeout().toMillis();
        for (Worker w : workers.values()) {
            if (w.pending() && now - w.requestedAt >= timeout) {
                w.state = State.STOPPING;
                failedStarts++;
                stops.add(new Stop(w.id, w.handle, "it did not register within " + settings.registrationTimeout()));
                backOff(now, "worker " + w.id + " did not register within " + settings.registrationTimeout());
            }
        }
    }

    /** Slots of the registered TaskExecutors not being stopped, plus those of the pending workers. */
    private int supply(Demand demand) {
        int supply = 0;
        for (Map.Entry<String, TaskExecutorUse> te : demand.taskExecutors().entrySet()) {
            Worker w = workers.get(te.getKey());
            if (w == null || w.state != State.STOPPING) {
                supply += te.getValue().slots();
            }
        }
        return supply + (int) workers.values().stream().filter(Worker::pending).count() * settings.slotsPerWorker();
    }

    private List<String> requestWorkers(int missingSlots, long now) {
        if (now < noStartBefore) {
            return List.of();
        }
        int wanted = (missingSlots + settings.slotsPerWorker() - 1) / settings.slotsPerWorker();
        int room = settings.maxWorkers() - (int) workers.values().stream().filter(w -> w.state != State.STOPPING).count();
        List<String> starts = new ArrayList<>();
        for (int i = 0; i < Math.min(wanted, room); i++) {
            String id = newWorkerId.get();
            workers.put(id, new Worker(id, State.REQUESTED, null, now));
            starts.add(id);
        }
        if (!starts.isEmpty()) {
            LOG.info("Requesting {} worker(s) {} for {} missing slots{}", starts.size(), starts, missingSlots,
                    wanted > room ? " (resourcemanager.max-task-executors " + settings.maxWorkers() + " reached)" : "");
        }
        return starts;
    }

    /** Stops pending workers the declared slots no longer need, newest first. */
    private int cancelPending(int declared, int supply, List<Stop> stops) {
        // Insertion order is request order.
        List<Worker> pending = new ArrayList<>(workers.values().stream().filter(Worker::pending).toList());
        java.util.Collections.reverse(pending);
        for (Worker w : pending) {
            if (supply - settings.slotsPerWorker() < declared) {
                break;
            }
            w.state = State.STOPPING;
            supply -= settings.slotsPerWorker();
            stops.add(new Stop(w.id, w.handle, "the declared slots no longer need it"));
        }
        return supply;
    }

    private void trackIdleness(Demand demand, long now) {
        for (Worker w : workers.values()) {
            TaskExecutorUse use = demand.taskExecutors().get(w.id);
            boolean idle = w.state == State.REGISTERED && use != null && use.idle();
            if (!idle) {
                w.idleSince = -1;
            } else if (w.idleSince < 0) {
                w.idleSince = now;
            }
        }
    }

    private void releaseIdle(Demand demand, int supply, long now, List<Stop> stops) {
        if (demand.jobRestoring()) {
            return;
        }
        long timeout = settings.idleTimeout().toMillis();
        List<Worker> idle = workers.values().stream()
                .filter(w -> w.state == State.REGISTERED && w.idleSince >= 0 && now - w.idleSince >= timeout)
                .sorted(Comparator.comparingLong((Worker w) -> w.idleSince)).toList();
        for (Worker w : idle) {
            int slots = demand.taskExecutors().get(w.id).slots();
            if (supply - slots < demand.declaredSlots()) {
                break;
            }
            w.state = State.STOPPING;
            supply -= slots;
            released++;
            stops.add(new Stop(w.id, w.handle, "its slots have been free for " + settings.idleTimeout()));
        }
    }

    // ------------------------------------------------------------------ views

    /** Workers requested or started that have not registered yet. */
    int pending() {
        return (int) workers.values().stream().filter(Worker::pending).count();
    }

    /** The worker's state, or null if unknown. */
    State stateOf(String workerId) {
        Worker w = workers.get(workerId);
        return w == null ? null : w.state;
    }

    long failedStarts() {
        return failedStarts;
    }

    long crashes() {
        return crashes;
    }

    long released() {
        return released;
    }

    WorkersView view() {
        List<WorkerView> list = workers.values().stream()
                .map(w -> new WorkerView(w.id, w.state.name(), w.handle, w.requestedAt)).toList();
        int registered = (int) workers.values().stream().filter(w -> w.state == State.REGISTERED).count();
        return new WorkersView(settings.provider(), settings.maxWorkers(), pending(), registered, failedStarts,
                crashes, released, list);
    }
}
