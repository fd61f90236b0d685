package io.ebbflow.core.protocol;

import java.util.List;

/** Messages addressed to a TaskExecutor, and its replies. */
public final class TaskExecutorMessages {

    private TaskExecutorMessages() {
    }

    /**
     * The ResourceManager allocates one of this TaskExecutor's slots to a job; the TaskExecutor then
     * offers it to the job's JobMaster.
     *
     * @param rmEpoch epoch of the requesting ResourceManager; requests of older epochs are refused
     * @param jobMasterEpoch the job's JobMaster epoch known to the ResourceManager
     */
    public record RequestSlot(long rmEpoch, int slotIndex, String jobId, long jobMasterEpoch, String allocationId)
            implements ProtocolMessage {
        public RequestSlot {
            Require.atLeast(rmEpoch, 1, "rmEpoch");
            Require.between(slotIndex, 0, 1023, "slotIndex");
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.id(allocationId, "allocationId");
        }
    }

    /**
     * The ResourceManager allocates several of this TaskExecutor's slots to one job in one message (what one
     * requirement check picked here); the TaskExecutor then offers them to the job's JobMaster together. The
     * epochs are checked for the whole message; each slot is allocated or refused on its own.
     *
     * @param rmEpoch epoch of the requesting ResourceManager; requests of older epochs are refused
     * @param jobMasterEpoch the job's JobMaster epoch known to the ResourceManager
     */
    public record RequestSlots(long rmEpoch, String jobId, long jobMasterEpoch, List<SlotAllocation> slots)
            implements ProtocolMessage {
        public RequestSlots {
            Require.atLeast(rmEpoch, 1, "rmEpoch");
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            slots = Require.list(slots, "slots", 1024);
            if (slots.isEmpty()) {
                throw new IllegalArgumentException("field 'slots' is empty");
            }
        }
    }

    /** One slot of a {@link RequestSlots}: which slot, under which allocation id. */
    public record SlotAllocation(int slotIndex, String allocationId) {
        public SlotAllocation {
            Require.between(slotIndex, 0, 1023, "slotIndex");
            Require.id(allocationId, "allocationId");
        }
    }

    /** The answer to a {@link RequestSlots}: the slots the TaskExecutor refused (the others are allocated). */
    public record SlotsRequested(List<RefusedSlot> refused) implements ProtocolMessage {
        public SlotsRequested {
            refused = Require.list(refused, "refused", 1024);
        }
    }

    /** A refused slot of a {@link RequestSlots}, and why. */
    public record RefusedSlot(String allocationId, String reason) {
        public RefusedSlot {
            Require.id(allocationId, "allocationId");
            Require.text(reason, "reason", 1000);
        }
    }

    /** A JobMaster gives a slot back. */
    public record FreeSlot(String jobId, long jobMasterEpoch, String allocationId, String reason)
            implements ProtocolMessage {
        public FreeSlot {
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.id(allocationId, "allocationId");
            Require.text(reason, "reason", 1000);
        }
    }

    /**
     * A JobMaster's heartbeat: the slots it believes it holds on this TaskExecutor. Slots of the job
     * that are active here but not listed are freed.
     *
     * @param jobMasterNodeId the JobMaster's cluster node, so the TaskExecutor notices at once if it goes
     */
    public record AllocatedSlotReport(String jobId, long jobMasterEpoch, String jobMasterNodeId,
            List<String> allocationIds) implements ProtocolMessage {
        public AllocatedSlotReport {
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.text(jobMasterNodeId, "jobMasterNodeId", 128);
            allocationIds = Require.idList(allocationIds, "allocationIds", 1024);
        }
    }

    /**
     * Reply to a JobMaster heartbeat.
     *
     * @param activeAllocationIds the job's slots active here after reconciliation
     * @param unknownAllocationIds listed slots this TaskExecutor does not hold for the job; the JobMaster drops them
     */
    public record TaskExecutorJobReport(List<String> activeAllocationIds, List<String> unknownAllocationIds)
            implements ProtocolMessage {
        public TaskExecutorJobReport {
            activeAllocationIds = Require.idList(activeAllocationIds, "activeAllocationIds", 1024);
            unknownAllocationIds = Require.idList(unknownAllocationIds, "unknownAllocationIds", 1024);
        }
    }

    /** A JobMaster whose job ended, or that drops this TaskExecutor: all the job's slots here are freed. */
    public record DisconnectJobMaster(String jobId, long jobMasterEpoch, String reason) implements ProtocolMessage {
        public DisconnectJobMaster {
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.text(reason, "reason", 1000);
        }
    }

    /**
     * Deploys one subtask into a slot the job holds. User code travels serialized (Kryo) and is read with
     * the job's class loader, built from the job jar fetched from {@code jobJarUrl}.
     *
     * @param chain the subtask's operators
     * @param outputs its output partitions
     * @param splits its source splits (source vertices only, else an empty list serialized)
     * @param deploymentId the same for every subtask of one deployment of the job, different for every deployment
     * @param restore the state it starts from (serialized {@code TaskRestore}), or null for a fresh start
     */
    public record SubmitTask(String jobId, long jobMasterEpoch, String allocationId, String executionId, String vertexId,
            String taskName, int subtaskIndex, int parallelism, int maxParallelism, int attempt, String deploymentId,
            int keyGroupStart,
            int keyGroupEnd, byte[] chain, byte[] outputs, List<InputChannel> inputs, byte[] splits, String jobJarUrl,
            String jobJarSha256, String jobSecret, long bufferTimeoutMillis, long autoWatermarkIntervalMillis,
            byte[] restore) implements ProtocolMessage {
        public SubmitTask {
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.id(allocationId, "allocationId");
            Require.id(executionId, "executionId");
            Require.id(vertexId, "vertexId");
            Require.id(deploymentId, "deploymentId");
            Require.text(taskName, "taskName", 10_000);
            Require.between(parallelism, 1, 32768, "parallelism");
            Require.between(subtaskIndex, 0, parallelism - 1, "subtaskIndex");
            Require.between(maxParallelism, parallelism, 32768, "maxParallelism");
            Require.present(chain, "chain");
            Require.present(outputs, "outputs");
            inputs = Require.list(inputs, "inputs", 100_000);
            Require.present(splits, "splits");
            Require.text(jobJarUrl, "jobJarUrl", 2_000);
            Require.text(jobJarSha256, "jobJarSha256", 64);
            Require.secret(jobSecret, "jobSecret");
        }

        /** Never shows the job's secret. */
        @Override
        public String toString() {
            return "SubmitTask[jobId=" + jobId + ", jobMasterEpoch=" + jobMasterEpoch + ", executionId=" + executionId
                    + ", taskName=" + taskName + ", subtaskIndex=" + subtaskIndex + "]";
        }
    }

    /**
     * An input channel of a subtask: the producer's partition and subpartition, and its TaskExecutor.
     */
    public record InputChannel(String partitionId, int subpartition, String taskExecutorId, String host, int dataPort) {
        public InputChannel {
            Require.text(partitionId, "partitionId", 200);
            Require.atLeast(subpartition, 0, "subpartition");
            Require.id(taskExecutorId, "taskExecutorId");
        }
    }

    /** Cancels a subtask. */
    public record CancelTask(String jobId, long jobMasterEpoch, String executionId) implements ProtocolMessage {
        public CancelTask {
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.id(executionId, "executionId");
        }
    }

    /**
     * Starts a checkpoint (or savepoint) at the job's source subtasks on this TaskExecutor: each snapshots
     * its state and sends the barrier downstream.
     *
     * @param directory where the checkpoint's state files go
     * @param pauseSources the sources read nothing after the barrier until the checkpoint completes or is aborted
     *     (a checkpoint for a rescale, so the restarted job replays nothing)
     */
    public record TriggerCheckpoint(String jobId, long jobMasterEpoch, List<String> executionIds, long checkpointId,
            long timestamp, String directory, boolean savepoint, boolean pauseSources) implements ProtocolMessage {
        public TriggerCheckpoint {
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            executionIds = Require.idList(executionIds, "executionIds", 100_000);
            Require.atLeast(checkpointId, 1, "checkpointId");
            Require.text(directory, "directory", 4_000);
        }
    }

    /**
     * Checkpoint {@code checkpointId} completed (the listed subtasks commit what it covers), or, with
     * {@code aborted}, was given up (sources paused at its barrier read again).
     */
    public record NotifyCheckpointComplete(String jobId, long jobMasterEpoch, List<String> executionIds, long checkpointId,
            boolean aborted) implements ProtocolMessage {
        public NotifyCheckpointComplete {
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            executionIds = Require.idList(executionIds, "executionIds", 100_000);
            Require.atLeast(checkpointId, 1, "checkpointId");
        }
    }

    /**
     * Splits the JobMaster's discovery found while the job runs (new partitions of a Kafka topic), for one running
     * source subtask's reader. User code: the splits travel serialized (Kryo, a {@code List} of splits) and are read
     * with the job's class loader on the subtask's thread. A subtask that does not run here is an error (the
     * JobMaster finds the splits again at its next discovery).
     *
     * @param splitIds the ids of the serialized splits, for logs and errors without reading user code
     */
    public record AddSplits(String jobId, long jobMasterEpoch, String executionId, List<String> splitIds, byte[] splits)
            implements ProtocolMessage {
        public AddSplits {
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.id(executionId, "executionId");
            splitIds = Require.list(splitIds, "splitIds", 100_000);
            if (splitIds.isEmpty()) {
                throw new IllegalArgumentException("field 'splitIds' is empty");
            }
            Require.present(splits, "splits");
        }
    }

    /** Asks the TaskExecutor to shut down cleanly (its JobMasters move its subtasks first), as SIGTERM does. */
    public record Leave(String reason) implements ProtocolMessage {
        public Leave {
            Require.text(reason, "reason", 1000);
        }
    }

    /** Asks for the TaskExecutor's own view of its slots (read-only). */
    public record TaskExecutorStatusRequest() implements ProtocolMessage {
    }

    /**
     * The TaskExecutor's slot table, and its JVM's memory and garbage collection.
     *
     * @param rmEpoch epoch of the ResourceManager it is registered with (0 if none)
     * @param jvm null when not told
     */
    public record TaskExecutorStatus(String taskExecutorId, String nodeId, long rmEpoch, boolean registered,
            List<SlotReport.Slot> slots, JvmStatus jvm) implements ProtocolMessage {
        public TaskExecutorStatus {
            Require.id(taskExecutorId, "taskExecutorId");
            slots = Require.list(slots, "slots", 1024);
        }

        /** Without the JVM's figures. */
        public TaskExecutorStatus(String taskExecutorId, String nodeId, long rmEpoch, boolean registered,
                List<SlotReport.Slot> slots) {
            this(taskExecutorId, nodeId, rmEpoch, registered, slots, null);
        }
    }

    /**
     * A JVM's memory in bytes (-1: unknown) and the time its garbage collectors took, in milliseconds per second since
     * the previous status (since the JVM started for the first).
     */
    public record JvmStatus(long heapUsed, long heapMax, long metaspaceUsed, double gcTimeMsPerSecond) {
    }
}
