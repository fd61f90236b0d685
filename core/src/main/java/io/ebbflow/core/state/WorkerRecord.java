package io.ebbflow.core.state;

/**
 * A TaskExecutor that the ResourceManager's resource provider started, as kept in the shared map
 * {@code ebbflow.workers}, so that the ResourceManager that takes over after a failover adopts it instead of
 * starting another.
 *
 * @param workerId the worker's id, which is also its TaskExecutor id ({@code taskmanager.resource-id})
 * @param provider the provider that started it ({@code process} or {@code kubernetes})
 * @param handle where it runs: the process id, or the pod name
 * @param requestedAt when it was requested (epoch millis)
 */
public record WorkerRecord(String workerId, String provider, String handle, long requestedAt) {
}
