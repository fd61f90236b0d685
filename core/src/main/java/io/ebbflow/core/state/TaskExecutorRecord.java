package io.ebbflow.core.state;

import io.ebbflow.core.protocol.HardwareDescription;

/**
 * A registered TaskExecutor, as kept in the shared map {@code ebbflow.task-executors} so that a
 * restarted ResourceManager knows it (and keeps accepting its heartbeats) without waiting for it to
 * register again.
 */
public record TaskExecutorRecord(String taskExecutorId, String nodeId, String host, int dataPort, int numberOfSlots,
        HardwareDescription hardware, String registrationId, long registeredAt) {
}
