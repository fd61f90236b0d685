package io.ebbflow.core.protocol;

/**
 * Every event-bus address of the control plane, in one place. Addresses of one service instance
 * carry its id: {@code ebbflow.te.<taskExecutorId>.*}, {@code ebbflow.jm.<jobId>.*}. Only
 * {@link Endpoints} should use these strings.
 */
public final class Addresses {

    /** Prefix of every control address. */
    public static final String PREFIX = "ebbflow.";

    public static final String RM = PREFIX + "rm.";
    public static final String RM_REGISTER_TASK_EXECUTOR = RM + "register-task-executor";
    public static final String RM_TASK_EXECUTOR_HEARTBEAT = RM + "task-executor-heartbeat";
    public static final String RM_DEREGISTER_TASK_EXECUTOR = RM + "deregister-task-executor";
    public static final String RM_SLOT_AVAILABLE = RM + "slot-available";
    public static final String RM_REGISTER_JOB_MASTER = RM + "register-job-master";
    public static final String RM_JOB_MASTER_HEARTBEAT = RM + "job-master-heartbeat";
    public static final String RM_DEREGISTER_JOB_MASTER = RM + "deregister-job-master";
    public static final String RM_CLUSTER_OVERVIEW = RM + "cluster-overview";
    /** Published (not sent) by a ResourceManager when it starts. */
    public static final String RM_STARTED = RM + "started";
    /** Published (not sent) by a ResourceManager that waits as a standby; the leader lists the live ones. */
    public static final String RM_STANDBY = RM + "standby";

    /** Suffixes after {@code ebbflow.te.<taskExecutorId>.} */
    public static final String TE_REQUEST_SLOT = "request-slot";
    public static final String TE_REQUEST_SLOTS = "request-slots";
    public static final String TE_FREE_SLOT = "free-slot";
    public static final String TE_JOB_MASTER_HEARTBEAT = "job-master-heartbeat";
    public static final String TE_DISCONNECT_JOB_MASTER = "disconnect-job-master";
    public static final String TE_STATUS = "status";
    public static final String TE_SUBMIT_TASK = "submit-task";
    public static final String TE_CANCEL_TASK = "cancel-task";
    public static final String TE_TRIGGER_CHECKPOINT = "trigger-checkpoint";
    public static final String TE_NOTIFY_CHECKPOINT_COMPLETE = "notify-checkpoint-complete";
    public static final String TE_ADD_SPLITS = "add-splits";
    public static final String TE_LEAVE = "leave";

    /** Suffixes after {@code ebbflow.jm.<jobId>.} */
    public static final String JM_OFFER_SLOTS = "offer-slots";
    public static final String JM_DISCONNECT_TASK_EXECUTOR = "disconnect-task-executor";
    public static final String JM_RESOURCE_QUOTA = "resource-quota";
    public static final String JM_JOB_DETAILS = "job-details";
    public static final String JM_TASK_STATE = "task-state";
    public static final String JM_CONFIRM_DEPLOYMENT = "confirm-deployment";
    public static final String JM_TASK_METRICS = "task-metrics";
    public static final String JM_ACKNOWLEDGE_CHECKPOINT = "acknowledge-checkpoint";
    public static final String JM_DECLINE_CHECKPOINT = "decline-checkpoint";
    public static final String JM_CHECKPOINTS = "checkpoints";
    public static final String JM_ACCUMULATORS = "accumulators";
    public static final String JM_UPDATE_REQUIREMENTS = "update-requirements";
    public static final String JM_RESCALES = "rescales";
    public static final String JM_CANCEL_JOB = "cancel-job";
    public static final String JM_TRIGGER_SAVEPOINT = "trigger-savepoint";
    public static final String JM_SAVEPOINT_STATUS = "savepoint-status";

    /**
     * Prefix of the status the web-ui publishes (never sends) for the dashboard and bridge clients; the
     * bridges let clients receive every address under it and send to none.
     */
    public static final String STATUS = PREFIX + "status.";
    /** The cluster's status: its overview and every slot with its state and owner. */
    public static final String STATUS_CLUSTER = STATUS + "cluster";
    /** The job list. */
    public static final String STATUS_JOBS = STATUS + "jobs";
    /** Prefix of one job's status, published on {@code ebbflow.status.job.<jobId>}. */
    public static final String STATUS_JOB_PREFIX = STATUS + "job.";

    /**
     * Prefix of the read-only queries the web-ui answers (request/reply); the TCP bridge lets outside
     * clients send to the addresses under it and to nothing else.
     */
    public static final String QUERY = PREFIX + "query.";
    /** Asks for the cluster's status now (the body of {@link #STATUS_CLUSTER}). */
    public static final String QUERY_CLUSTER = QUERY + "cluster";
    /** Asks for the job list now (the body of {@link #STATUS_JOBS}). */
    public static final String QUERY_JOBS = QUERY + "jobs";
    /** Asks for one job's status now; body {@code {"jobId": ...}}. */
    public static final String QUERY_JOB = QUERY + "job";

    private Addresses() {
    }

    /** The address of one endpoint of one TaskExecutor. */
    public static String taskExecutor(String taskExecutorId, String suffix) {
        return PREFIX + "te." + taskExecutorId + "." + suffix;
    }

    /** The address of one endpoint of one job's JobMaster. */
    public static String jobMaster(String jobId, String suffix) {
        return PREFIX + "jm." + jobId + "." + suffix;
    }
}
