package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** The TaskExecutor (Flink's TaskManager). */
public final class TaskManagerOptions {

    private TaskManagerOptions() {
    }

    public static final ConfigOption<Integer> NUM_TASK_SLOTS = ConfigOption.key("taskmanager.numberOfTaskSlots")
            .intType().defaultValue(1)
            .validate("an integer in [1, 1024]", Ranges.intBetween(1, 1024))
            .withDescription("Number of slots a TaskExecutor offers. Slot k of a slot-sharing group runs subtask k "
                    + "of every vertex in that group.");

    public static final ConfigOption<String> RESOURCE_ID = ConfigOption.key("taskmanager.resource-id")
            .stringType()
            .derivedDefault("'<cluster.host>-<pid>-<6 random hex digits>'")
            .validate("letters, digits, '.', '_' and '-', starting with a letter or digit",
                    s -> io.ebbflow.core.protocol.Require.isId(s) ? null
                    : "expected 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit, got '" + s + "'")
            .withDescription("Identity of the TaskExecutor in the cluster, in REST paths and in metric labels. Must "
                    + "be unique among running TaskExecutors.");

    public static final ConfigOption<String> HOST = ConfigOption.key("taskmanager.host")
            .stringType().derivedDefault("'cluster.host'")
            .validate("a host or IP address other peers can reach (not a wildcard such as 0.0.0.0)",
                    io.ebbflow.core.config.NetworkAddresses::checkAdvertised)
            .withDescription("Address this TaskExecutor announces to the cluster: its cluster membership, event bus "
                    + "and data plane (where other TaskExecutors send it records). Overrides 'cluster.host' for "
                    + "the TaskExecutor.");

    public static final ConfigOption<String> BIND_HOST = ConfigOption.key("taskmanager.bind-host")
            .stringType().derivedDefault("'cluster.bind-host'")
            .validate("a non-empty host or IP address", Ranges.notBlank())
            .withDescription("Address this TaskExecutor binds its listeners to (cluster membership, event bus, data "
                    + "plane, metrics), e.g. '0.0.0.0'. Overrides 'cluster.bind-host' for the TaskExecutor.");

    public static final ConfigOption<Duration> SLOT_TIMEOUT = ConfigOption.key("taskmanager.slot.timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A slot allocated to a job but not accepted by that job's JobMaster within this time "
                    + "(for example because the JobMaster is gone) is freed and reported free to the ResourceManager.");

    public static final ConfigOption<Duration> LEAVE_TIMEOUT = ConfigOption.key("taskmanager.leave.timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("A TaskExecutor that is stopped (SIGTERM) tells its JobMasters first and lets them take a "
                    + "checkpoint and move its subtasks elsewhere (a planned rescale, nothing replayed); it stops its "
                    + "remaining subtasks itself after this long at the latest.");

    public static final ConfigOption<Integer> DATA_PORT = ConfigOption.key("taskmanager.data.port")
            .intType().defaultValue(0)
            .validate("an integer in [0, 65535]", io.ebbflow.core.config.Ranges.intBetween(0, 65535))
            .withDescription("Port of the TaskExecutor's data server, where records from other TaskExecutors arrive "
                    + "(bound to 'taskmanager.bind-host', announced as 'taskmanager.host'). 0 picks a free port, which is announced to the cluster.");

    public static final ConfigOption<io.ebbflow.core.config.MemorySize> SEGMENT_SIZE = ConfigOption
            .key("taskmanager.memory.segment-size")
            .memoryType().defaultValue(io.ebbflow.core.config.MemorySize.ofKibiBytes(32))
            .validate("between 4 kb and 16 mb", io.ebbflow.core.config.Ranges.memoryBetween(
                    io.ebbflow.core.config.MemorySize.ofKibiBytes(4), io.ebbflow.core.config.MemorySize.ofMebiBytes(16)))
            .withDescription("Size of a network buffer: records are sent in batches of this size (or fewer, on the "
                    + "buffer timeout).");

    public static final ConfigOption<Integer> BUFFERS_PER_CHANNEL = ConfigOption
            .key("taskmanager.network.memory.buffers-per-channel")
            .intType().defaultValue(2)
            .validate("an integer in [1, 1000]", io.ebbflow.core.config.Ranges.intBetween(1, 1000))
            .withDescription("Buffers per channel: the credits a consumer grants its producer in another TaskExecutor "
                    + "(data in flight per channel), and the producer's buffers per consumer channel.");

    public static final ConfigOption<Integer> FLOATING_BUFFERS = ConfigOption
            .key("taskmanager.network.memory.floating-buffers-per-gate")
            .intType().defaultValue(8)
            .validate("an integer in [0, 10000]", io.ebbflow.core.config.Ranges.intBetween(0, 10000))
            .withDescription("Extra buffers of each output beyond the per-channel ones, shared by its channels. With "
                    + "the per-channel buffers they bound a producer's memory: a slow consumer makes it wait (backpressure).");

    public static final ConfigOption<Duration> PARTITION_WAIT_TIMEOUT = ConfigOption
            .key("taskmanager.network.partition-wait-timeout")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .validate("a positive duration", io.ebbflow.core.config.Ranges.positive())
            .withDescription("How long a subtask's input waits for its producer's output to appear (the producer may "
                    + "start later) before the subtask fails.");
}
