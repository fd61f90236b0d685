package io.ebbflow.runtime.task;

import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.runtime.network.NetworkEnvironment;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a TaskExecutor gives every subtask it runs.
 *
 * @param timers runs processing-time callbacks' hand-over into subtasks' mailboxes
 * @param bufferSize bytes per network buffer ({@code taskmanager.memory.segment-size})
 * @param creditsPerChannel buffers a remote input channel may have in flight ({@code taskmanager.network.memory.buffers-per-channel})
 * @param buffersPerOutputChannel producer buffers per consumer channel, plus {@code floatingBuffers} per output
 * @param checkpoints where subtasks acknowledge or decline checkpoints
 * @param snapshotIo writes snapshots to disk off the subtasks' threads
 */
public record TaskServices(NetworkEnvironment network, ScheduledExecutorService timers,
        RuntimeContext.ExternalPublisher publisher, int bufferSize, int creditsPerChannel, int buffersPerOutputChannel,
        int floatingBuffers, CheckpointResponder checkpoints, java.util.concurrent.Executor snapshotIo) {
}
