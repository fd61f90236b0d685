package io.ebbflow.rm;

import io.ebbflow.core.heartbeat.HeartbeatMonitor;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TaskExecutors and JobMasters are still there, and what the {@link SlotManager} is told when one
 * is not: a TaskExecutor that misses its heartbeats, or whose process left the cluster, is removed with
 * its slots; a JobMaster that does either loses its job's share, and the job is forgotten once its
 * JobMaster has stayed away for {@code resourcemanager.job.timeout}.
 *
 * <p>No I/O, no clock, no timer: the verticle passes {@code now}, runs {@link #check} periodically and
 * replicates what changed afterwards. Confined to the ResourceManager's verticle.
 */
final class Liveness {

    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);

    private final SlotManager slotManager;
    private final Duration heartbeatTimeout;
    private final long jobTimeoutMillis;
    private final HeartbeatMonitor<String> taskExecutors;
    private final HeartbeatMonitor<String> jobMasters;

    /**
     * @param heartbeatTimeout a TaskExecutor or JobMaster not heard from for this long is gone ({@code heartbeat.timeout})
     * @param jobTimeout how long a job outlives its JobMaster ({@code resourcemanager.job.timeout})
     */
    Liveness(SlotManager slotManager, Duration heartbeatTimeout, Duration jobTimeout) {
        this.slotManager = slotManager;
        this.heartbeatTimeout = heartbeatTimeout;
        this.jobTimeoutMillis = jobTimeout.toMillis();
        this.taskExecutors = new HeartbeatMonitor<>(heartbeatTimeout, -1);
        this.jobMasters = new HeartbeatMonitor<>(heartbeatTimeout, -1);
    }

    /** After a restart: the restored TaskExecutors and live JobMasters are watched from {@code now}. */
    void recovered(Recovery recovery, long now) {
        recovery.taskExecutors().forEach(te -> taskExecutors.monitor(te, now));
        recovery.liveJobMasters().forEach(job -> jobMasters.monitor(job, now));
    }

    /** A TaskExecutor registered: its heartbeat clock starts now. */
    void taskExecutorRegistered(String taskExecutorId, long now) {
        taskExecutors.monitor(taskExecutorId, now);
    }

    void taskExecutorHeartbeat(String taskExecutorId, long now) {
        taskExecutors.received(taskExecutorId, now);
    }

    /** A JobMaster registered: its heartbeat clock starts now. */
    void jobMasterRegistered(String jobId, long now) {
        jobMasters.monitor(jobId, now);
    }

    void jobMasterHeartbeat(String jobId, long now) {
        jobMasters.received(jobId, now);
    }

    void jobMasterDeregistered(String jobId) {
        jobMasters.stop(jobId);
    }

    /**
     * Removes a TaskExecutor and its slots, and stops watching it.
     *
     * @param why for the log
     * @return false if it was not registered
     */
    boolean removeTaskExecutor(String taskExecutorId, String why) {
        if (!slotManager.unregisterTaskExecutor(taskExecutorId)) {
            return false;
        }
        taskExecutors.stop(taskExecutorId);
        LOG.info("TaskExecutor {} removed with its slots: {}", taskExecutorId, why);
        return true;
    }

    /** A cluster node left: its TaskExecutors are removed and its JobMasters are gone. */
    void nodeLeft(String nodeId, long now) {
        for (String te : slotManager.taskExecutorsOnNode(nodeId)) {
            removeTaskExecutor(te, "its process left the cluster (node " + nodeId + ")");
        }
        for (String job : slotManager.jobsOnNode(nodeId)) {
            slotManager.jobMasterLost(job, now);
            jobMasters.stop(job);
        }
    }

    /** Acts on heartbeats that did not come in time and on jobs whose JobMaster stayed away too long. */
    void check(long now) {
        for (String te : taskExecutors.expire(now)) {
            removeTaskExecutor(te, "no heartbeat within " + heartbeatTimeout.toSeconds() + " s");
        }
        for (String job : jobMasters.expire(now)) {
            slotManager.jobMasterLost(job, now);
        }
        for (String job : slotManager.expireDisconnectedJobs(now, jobTimeoutMillis)) {
            LOG.info("Job {} forgotten: its JobMaster did not come back within resourcemanager.job.timeout", job);
        }
    }
}
