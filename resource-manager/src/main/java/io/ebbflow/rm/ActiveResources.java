package io.ebbflow.rm;

import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.protocol.ResourceManagerMessages.WorkersView;
import io.ebbflow.core.state.WorkerRecord;
import io.ebbflow.core.time.Clock;
import io.ebbflow.rm.provider.ResourceProvider;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active resource management while this ResourceManager leads: adopts the workers its predecessor started,
 * asks the {@link WorkerPlanner} what to start and stop, has the {@link ResourceProvider} do it, feeds back what
 * happened, and records every running worker in the shared map ({@code ebbflow.workers}, fenced by the epoch)
 * so that the next leader adopts it. Metrics: {@code ebbflow.resourcemanager.workers.failed-starts} and
 * {@code .crashes} (counters), {@code .pending} and {@code .started} (gauges).
 *
 * <p>Confined to the ResourceManager's verticle; the provider completes its futures and reports exits on its
 * event loop.
 */
final class ActiveResources {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveResources.class);

    private final WorkerPlanner planner;
    private final ResourceProvider provider;
    private final ResourceManagerStore store;
    private final Clock clock;
    private final Runnable changed;
    private final AtomicLong failedStarts = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private boolean adopted;
    private boolean acting = true;

    /**
     * @param changed run after the provider reported something (a plan may be due)
     */
    ActiveResources(WorkerPlanner planner, ResourceProvider provider, ResourceManagerStore store, Clock clock,
            Runnable changed) {
        this.planner = planner;
        this.provider = provider;
        this.store = store;
        this.clock = clock;
        this.changed = changed;
        provider.onExit(this::exited);
    }

    void registerMetrics(MeterRegistry registry) {
        FunctionCounter.builder("ebbflow.resourcemanager.workers.failed-starts", failedStarts, AtomicLong::get)
                .description("TaskExecutor starts by the resource provider that failed or did not register in time")
                .register(registry);
        FunctionCounter.builder("ebbflow.resourcemanager.workers.crashes", crashes, AtomicLong::get)
                .description("Registered TaskExecutors started by the resource provider that ended unasked")
                .register(registry);
        Gauge.builder("ebbflow.resourcemanager.workers.pending", pending, AtomicLong::get)
                .description("TaskExecutors requested from the resource provider that have not registered yet")
                .register(registry);
        Gauge.builder("ebbflow.resourcemanager.workers.started", started, AtomicLong::get)
                .description("Registered TaskExecutors started by the resource provider").register(registry);
    }

    /**
     * Takes over the workers the predecessor started: those recorded in the map or found by the provider that
     * still run are adopted (no new one is started for them); records of workers that are gone are dropped.
     */
    Future<Void> adopt(Map<String, Versioned<WorkerRecord>> recorded) {
        return provider.running().map(running -> {
            long now = clock.millis();
            for (Map.Entry<String, Versioned<WorkerRecord>> r : recorded.entrySet()) {
                if (!running.containsKey(r.getKey())) {
                    LOG.info("Worker {} ({}) recorded by the previous ResourceManager is gone", r.getKey(),
                            r.getValue().value().handle());
                    store.removeWorker(r.getKey());
                }
            }
            running.forEach((id, handle) -> {
                Versioned<WorkerRecord> r = recorded.get(id);
                long at = r == null ? now : r.value().requestedAt();
                planner.adopt(id, handle, at);
                if (r == null || !handle.equals(r.value().handle())) {
                    store.putWorker(new WorkerRecord(id, provider.name(), handle, at));
                }
            });
            if (!running.isEmpty()) {
                LOG.info("Adopted {} running worker(s) of the {} provider: {}", running.size(), provider.name(),
                        running.keySet());
            }
            adopted = true;
            return null;
        });
    }

    /** Decides with the planner and carries out: starts and stops workers. Nothing before adoption. */
    void plan(WorkerPlanner.Demand demand) {
        if (!adopted || !acting) {
            return;
        }
        long now = clock.millis();
        WorkerPlanner.Plan plan = planner.plan(demand, now);
        plan.start().forEach(id -> start(id, now));
        plan.stop().forEach(this::stop);
        updateMetrics();
    }

    private void start(String workerId, long now) {
        provider.start(workerId).onComplete(ar -> {
            if (ar.succeeded()) {
                planner.started(workerId, ar.result());
                if (acting) {
                    store.putWorker(new WorkerRecord(workerId, provider.name(), ar.result(), now));
                }
            } else {
                LOG.warn("Worker {} could not be started: {}", workerId, ar.cause().toString());
                planner.startFailed(workerId, ar.cause().getMessage(), clock.millis());
            }
            afterProviderEvent();
        });
    }

    private void stop(WorkerPlanner.Stop stop) {
        LOG.info("Stopping worker {}: {}", stop.workerId(), stop.reason());
        provider.stop(stop.workerId(), stop.handle()).onFailure(e -> LOG.warn("Worker {} could not be stopped: {}",
                stop.workerId(), e.toString()));
    }

    private void exited(String workerId, String why) {
        if (!adopted || !acting) {
            return; // a standby's or a fenced leader's provider: the leader's own provider reports it
        }
        boolean unexpected = planner.exited(workerId, why, clock.millis());
        store.removeWorker(workerId);
        LOG.info("Worker {} ended{}: {}", workerId, unexpected ? " unasked" : "", why);
        afterProviderEvent();
    }

    private void afterProviderEvent() {
        updateMetrics();
        if (acting) {
            changed.run();
        }
    }

    private void updateMetrics() {
        failedStarts.set(planner.failedStarts());
        crashes.set(planner.crashes());
        pending.set(planner.pending());
        started.set(planner.view().started());
    }

    WorkersView view() {
        return planner.view();
    }

    /** Fenced: nothing is started, stopped or recorded any more. */
    void stopActing() {
        acting = false;
    }

    /** The workers keep running; the next leader adopts them. */
    Future<Void> close() {
        acting = false;
        return provider.close();
    }
}
