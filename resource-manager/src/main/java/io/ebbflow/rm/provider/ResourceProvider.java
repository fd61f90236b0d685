package io.ebbflow.rm.provider;

import io.vertx.core.Future;
import java.util.Map;

/**
 * Starts and stops TaskExecutors (workers) for the ResourceManager's active resource management
 * ({@code resourcemanager.provider}). The ResourceManager decides (its {@code WorkerPlanner}); a provider only
 * carries out. Each worker is started with its id as its TaskExecutor id ({@code taskmanager.resource-id}), so the
 * ResourceManager knows which registered TaskExecutor is which worker.
 *
 * <p>Every future completes, and every exit is reported, on the ResourceManager's event loop; blocking work
 * (starting a process, a Kubernetes request) runs elsewhere.
 */
public interface ResourceProvider {

    /** Told when a worker's process or pod ended, whoever ended it. */
    interface ExitListener {
        void exited(String workerId, String why);
    }

    /** {@code process} or {@code kubernetes}. */
    String name();

    /** Starts a worker; completes with its handle (process id, pod name) once it runs. */
    Future<String> start(String workerId);

    /** Stops a worker (gracefully first); completes when it is gone. A worker that is already gone is fine. */
    Future<Void> stop(String workerId, String handle);

    /**
     * The workers of this cluster that run now, worker id to handle, as the provider finds them (processes by
     * their command line, pods by label): after a failover the ResourceManager adopts them. Their exits are
     * reported from then on.
     */
    Future<Map<String, String>> running();

    /** Where exits are reported; set once before anything is started. */
    void onExit(ExitListener listener);

    /** Stops watching; the workers keep running (a ResourceManager started later adopts them). */
    Future<Void> close();
}
