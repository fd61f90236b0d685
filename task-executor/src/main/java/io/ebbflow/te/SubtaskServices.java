package io.ebbflow.te;

import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.TaskManagerOptions;
import io.ebbflow.runtime.network.NetworkEnvironment;
import io.ebbflow.runtime.task.CheckpointResponder;
import io.ebbflow.runtime.task.TaskServices;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * What the subtasks of this TaskExecutor share: its data plane, the buffer sizes from the configuration,
 * where they publish, where they report checkpoints, a timer thread, and the threads that write their
 * snapshots. Owns those threads: {@link #stopSnapshotWriters()} lets queued snapshot writes finish,
 * {@link #close()} stops the timers.
 */
final class SubtaskServices {

    private static final int SNAPSHOT_WRITERS = 2;

    private final ScheduledExecutorService timers;
    private final ExecutorService snapshotIo;
    private final TaskServices services;

    SubtaskServices(String taskExecutorId, Configuration config, NetworkEnvironment network,
            RuntimeContext.ExternalPublisher publisher, CheckpointResponder checkpoints) {
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("task-timers-" + taskExecutorId));
        this.snapshotIo = Executors.newFixedThreadPool(SNAPSHOT_WRITERS, daemon("snapshot-io"));
        this.services = new TaskServices(network, timers, publisher, (int) config.get(TaskManagerOptions.SEGMENT_SIZE).bytes(),
                config.get(TaskManagerOptions.BUFFERS_PER_CHANNEL), config.get(TaskManagerOptions.BUFFERS_PER_CHANNEL),
                config.get(TaskManagerOptions.FLOATING_BUFFERS), checkpoints, snapshotIo);
    }

    TaskServices services() {
        return services;
    }

    /** No new snapshot writes; those already queued still run. */
    void stopSnapshotWriters() {
        snapshotIo.shutdown();
    }

    void close() {
        timers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
