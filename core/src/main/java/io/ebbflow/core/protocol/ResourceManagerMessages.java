package io.ebbflow.core.protocol;

import java.util.List;

/** Messages addressed to the ResourceManager, and its replies. See {@link Endpoints} for who sends which. */
public final class ResourceManagerMessages {

    private ResourceManagerMessages() {
    }

    /**
     * A TaskExecutor announces itself and all its slots.
     *
     * @param taskExecutorId the TaskExecutor's resource id
     * @param nodeId its cluster node, used to notice when its process leaves the cluster
     * @param host the host it runs on
     * @param dataPort the port of its data server (records from other TaskExecutors arrive there)
     * @param numberOfSlots how many slots it has; equals the size of {@code slotReport}
     * @param hardware what it runs on
     * @param slotReport the state of every slot (after a ResourceManager restart some may be allocated)
     */
    public record RegisterTaskExecutor(String taskExecutorId, String nodeId, String host, int dataPort,
            int numberOfSlots, HardwareDescription hardware, SlotReport slotReport) implements ProtocolMessage {
        public RegisterTaskExecutor {
            Require.id(taskExecutorId, "taskExecutorId");
            Require.text(nodeId, "nodeId", 128);
            Require.text(host, "host", 255);
            Require.between(dataPort, 0, 65535, "dataPort");
            Require.between(numberOfSlots, 1, 1024, "numberOfSlots");
            Require.present(hardware, "hardware");
            Require.present(slotReport, "slotReport");
            if (slotReport.slots().size() != numberOfSlots) {
                throw new IllegalArgumentException("field 'slotReport' has " + slotReport.slots().size()
                        + " slots but 'numberOfSlots' is " + numberOfSlots);
            }
        }
    }

    /**
     * Registration accepted.
     *
     * @param rmEpoch the ResourceManager's epoch; slot requests carry it, older ones are refused
     * @param registrationId identifies this registration in heartbeats and notifications
     */
    public record TaskExecutorRegistered(long rmEpoch, String registrationId) implements ProtocolMessage {
        public TaskExecutorRegistered {
            Require.atLeast(rmEpoch, 1, "rmEpoch");
            Require.id(registrationId, "registrationId");
        }
    }

    /** Periodic heartbeat of a registered TaskExecutor, carrying its slot report. */
    public record TaskExecutorHeartbeat(String taskExecutorId, String registrationId, SlotReport slotReport)
            implements ProtocolMessage {
        public TaskExecutorHeartbeat {
            Require.id(taskExecutorId, "taskExecutorId");
            Require.id(registrationId, "registrationId");
            Require.present(slotReport, "slotReport");
        }
    }

    /** Reply to a heartbeat: the epoch of the ResourceManager that answered. */
    public record HeartbeatAck(long rmEpoch) implements ProtocolMessage {
        public HeartbeatAck {
            Require.atLeast(rmEpoch, 1, "rmEpoch");
        }
    }

    /** A TaskExecutor leaves cleanly: its slots leave the ledger at once. */
    public record DeregisterTaskExecutor(String taskExecutorId, String registrationId, String reason)
            implements ProtocolMessage {
        public DeregisterTaskExecutor {
            Require.id(taskExecutorId, "taskExecutorId");
            Require.id(registrationId, "registrationId");
            Require.text(reason, "reason", 1000);
        }
    }

    /** A TaskExecutor freed a slot (the JobMaster returned it, rejected it, or it timed out). */
    public record SlotAvailable(String taskExecutorId, String registrationId, int slotIndex, String allocationId)
            implements ProtocolMessage {
        public SlotAvailable {
            Require.id(taskExecutorId, "taskExecutorId");
            Require.id(registrationId, "registrationId");
            Require.between(slotIndex, 0, 1023, "slotIndex");
            Require.id(allocationId, "allocationId");
        }
    }

    /**
     * A JobMaster announces its job and declares what it needs.
     *
     * @param jobMasterEpoch the JobMaster's fencing token; a newer JobMaster of the same job has a larger one
     * @param nodeId its cluster node, used to notice when its process leaves the cluster
     */
    public record RegisterJobMaster(String jobId, String jobName, long jobMasterEpoch, String nodeId,
            ResourceDeclaration declaration) implements ProtocolMessage {
        public RegisterJobMaster {
            Require.id(jobId, "jobId");
            Require.text(jobName, "jobName", 500);
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.text(nodeId, "nodeId", 128);
            Require.present(declaration, "declaration");
        }
    }

    /**
     * Registration accepted.
     *
     * @param submissionSeq the job's place in the submission order (kept across JobMaster restarts)
     * @param quota the slots the job is entitled to now under the fair division
     */
    public record JobMasterRegistered(long rmEpoch, long submissionSeq, int quota) implements ProtocolMessage {
        public JobMasterRegistered {
            Require.atLeast(rmEpoch, 1, "rmEpoch");
            Require.atLeast(submissionSeq, 1, "submissionSeq");
            Require.between(quota, 0, ResourceDeclaration.MAX_SLOTS, "quota");
        }
    }

    /**
     * Periodic heartbeat of a registered JobMaster, and also how it declares a changed requirement
     * right away: it always carries the current absolute declaration.
     */
    public record JobMasterHeartbeat(String jobId, long jobMasterEpoch, ResourceDeclaration declaration)
            implements ProtocolMessage {
        public JobMasterHeartbeat {
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.present(declaration, "declaration");
        }
    }

    /**
     * What the ResourceManager grants a job.
     *
     * @param quota slots the job is entitled to under the fair division (never above its desired slots)
     * @param acquired slots currently allocated or being allocated to the job
     */
    public record JobResourceStatus(long rmEpoch, int quota, int acquired) implements ProtocolMessage {
        public JobResourceStatus {
            Require.atLeast(rmEpoch, 1, "rmEpoch");
            Require.between(quota, 0, ResourceDeclaration.MAX_SLOTS, "quota");
            Require.atLeast(acquired, 0, "acquired");
        }
    }

    /** A JobMaster whose job ended: its requirement is dropped and its place in the order given up. */
    public record DeregisterJobMaster(String jobId, long jobMasterEpoch, String reason) implements ProtocolMessage {
        public DeregisterJobMaster {
            Require.id(jobId, "jobId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.text(reason, "reason", 1000);
        }
    }

    /** Asks for the ResourceManager's current view of the cluster (read-only). */
    public record ClusterOverviewRequest() implements ProtocolMessage {
    }

    /**
     * The ResourceManager's view: who leads (its node and epoch) and which ResourceManagers stand by, every
     * registered TaskExecutor with its slots, and every job's share.
     *
     * @param standbys node ids of the live ResourceManagers waiting to take over (none if absent)
     */
    public record ClusterOverview(long rmEpoch, String rmNodeId, long rmStartedAt, List<TaskExecutorView> taskExecutors,
            List<JobResourceView> jobs, List<String> standbys, WorkersView workers) implements ProtocolMessage {
        public ClusterOverview {
            Require.atLeast(rmEpoch, 1, "rmEpoch");
            taskExecutors = Require.list(taskExecutors, "taskExecutors", 100_000);
            jobs = Require.list(jobs, "jobs", 100_000);
            standbys = standbys == null ? List.of() : Require.list(standbys, "standbys", 1_000);
            workers = workers == null ? WorkersView.STANDALONE : workers;
        }

        /** A view without workers started by a resource provider (standalone). */
        public ClusterOverview(long rmEpoch, String rmNodeId, long rmStartedAt, List<TaskExecutorView> taskExecutors,
                List<JobResourceView> jobs, List<String> standbys) {
            this(rmEpoch, rmNodeId, rmStartedAt, taskExecutors, jobs, standbys, WorkersView.STANDALONE);
        }

        /** A view without standbys. */
        public ClusterOverview(long rmEpoch, String rmNodeId, long rmStartedAt, List<TaskExecutorView> taskExecutors,
                List<JobResourceView> jobs) {
            this(rmEpoch, rmNodeId, rmStartedAt, taskExecutors, jobs, List.of());
        }
    }

    /**
     * The TaskExecutors the ResourceManager's resource provider started ({@code resourcemanager.provider}), with
     * the counts of starts that failed and of workers that crashed since this ResourceManager leads.
     *
     * @param provider {@code standalone}, {@code process} or {@code kubernetes}
     * @param maxTaskExecutors {@code resourcemanager.max-task-executors} (0 for standalone)
     * @param pending workers requested or started that have not registered yet
     * @param started workers registered as TaskExecutors
     */
    public record WorkersView(String provider, int maxTaskExecutors, int pending, int started, long failedStarts,
            long crashes, long released, List<WorkerView> workers) {
        public static final WorkersView STANDALONE = new WorkersView("standalone", 0, 0, 0, 0, 0, 0, List.of());

        public WorkersView {
            Require.present(provider, "provider");
            workers = Require.list(workers, "workers", 100_000);
        }
    }

    /**
     * One worker of the resource provider.
     *
     * @param state {@code REQUESTED}, {@code STARTED} (running, not registered yet), {@code REGISTERED} or
     *        {@code STOPPING}
     * @param handle where it runs: the process id or the pod name (null while being started)
     */
    public record WorkerView(String workerId, String state, String handle, long requestedAt) {
        public WorkerView {
            Require.id(workerId, "workerId");
            Require.present(state, "state");
        }
    }

    /** One TaskExecutor as the ResourceManager sees it. */
    public record TaskExecutorView(String taskExecutorId, String nodeId, String host, int dataPort, int numberOfSlots,
            int freeSlots,
            long registeredAt, long lastHeartbeat, HardwareDescription hardware, List<SlotView> slots) {
        public TaskExecutorView {
            Require.id(taskExecutorId, "taskExecutorId");
            slots = Require.list(slots, "slots", 1024);
        }
    }

    /** One slot in the ResourceManager's ledger. */
    public record SlotView(int index, LedgerSlotState state, String jobId, String allocationId) {
        public SlotView {
            Require.present(state, "state");
        }
    }

    /**
     * One job's requirement and share.
     *
     * @param connected whether its JobMaster is registered and alive
     */
    public record JobResourceView(String jobId, String jobName, long submissionSeq, boolean connected, int minSlots,
            int desiredSlots, int quota, int acquired) {
        public JobResourceView {
            Require.id(jobId, "jobId");
        }
    }

    /**
     * Published by a ResourceManager that waits as a standby: when it starts, whenever a leader announces
     * itself, and every {@code heartbeat.interval}. The leader lists the live ones in its overview.
     */
    public record ResourceManagerStandby(String nodeId) implements ProtocolMessage {
        public ResourceManagerStandby {
            Require.text(nodeId, "nodeId", 128);
        }
    }

    /** Published by a ResourceManager that has just started, so that services register without waiting. */
    public record ResourceManagerStarted(long rmEpoch, String nodeId) implements ProtocolMessage {
        public ResourceManagerStarted {
            Require.atLeast(rmEpoch, 1, "rmEpoch");
            Require.text(nodeId, "nodeId", 128);
        }
    }
}
