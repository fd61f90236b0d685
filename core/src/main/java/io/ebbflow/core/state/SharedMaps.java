package io.ebbflow.core.state;

/**
 * The names of the cluster-wide maps and who writes them. Each is written by one service only (guarded
 * by that writer's epoch); anyone may read.
 *
 * <table>
 *   <caption>Shared maps</caption>
 *   <tr><th>map</th><th>key</th><th>value</th><th>writer</th></tr>
 *   <tr><td>{@value #SLOTS}</td><td>{@code <taskExecutorId>_<index>}</td><td>{@link SlotLedgerEntry}</td><td>ResourceManager</td></tr>
 *   <tr><td>{@value #TASK_EXECUTORS}</td><td>TaskExecutor id</td><td>{@link TaskExecutorRecord}</td><td>ResourceManager</td></tr>
 *   <tr><td>{@value #JOB_REQUIREMENTS}</td><td>job id</td><td>{@link JobRecord}</td><td>ResourceManager</td></tr>
 *   <tr><td>{@value #JOBS}</td><td>job id</td><td>{@link JobEntry}</td><td>the job's JobMaster</td></tr>
 *   <tr><td>{@value #CHECKPOINTS}</td><td>job id</td><td>{@link CheckpointPointer}</td><td>the job's JobMaster</td></tr>
 *   <tr><td>{@value #SAVEPOINTS}</td><td>request id</td><td>{@link SavepointRecord}</td><td>the job's JobMaster</td></tr>
 *   <tr><td>{@value #JOB_STANDBYS}</td><td>{@code <jobId>/<nodeId>}</td><td>{@link JobStandby}</td><td>the standby JobMaster itself</td></tr>
 *   <tr><td>{@value #WORKERS}</td><td>worker id</td><td>{@link WorkerRecord}</td><td>ResourceManager</td></tr>
 *   <tr><td>{@value #META}</td><td>{@code resource-manager}</td><td>the ResourceManager lease</td><td>ResourceManager</td></tr>
 * </table>
 */
public final class SharedMaps {

    public static final String SLOTS = "ebbflow.slots";
    public static final String TASK_EXECUTORS = "ebbflow.task-executors";
    public static final String JOB_REQUIREMENTS = "ebbflow.job-requirements";
    public static final String JOBS = "ebbflow.jobs";
    public static final String META = "ebbflow.meta";
    public static final String CHECKPOINTS = "ebbflow.checkpoints";
    public static final String SAVEPOINTS = "ebbflow.savepoints";
    public static final String JOB_STANDBYS = "ebbflow.job-standbys";
    public static final String WORKERS = "ebbflow.workers";

    private SharedMaps() {
    }
}
