package io.ebbflow.jm.job;

import io.ebbflow.core.cluster.ClusterMembership;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.state.JobStandby;
import io.ebbflow.core.state.SharedMaps;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Timers;
import io.vertx.core.Future;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JobMaster waiting to lead its job: listed in {@code ebbflow.job-standbys} (so {@code /jobs/:id} shows it),
 * it tries to claim the job again as soon as the leader's process leaves the cluster, and every
 * {@code pollInterval} (a leader that suspended the job, or whose lease ran out while it stayed a member).
 * Confined to the JobMaster's event loop.
 */
public final class Standby {

    private static final Logger LOG = LoggerFactory.getLogger(Standby.class);

    private final String jobId;
    private final ClusterNode node;
    private final SharedMap<JobStandby> standbys;
    private final Timers timers;
    private final Duration pollInterval;
    private ClusterMembership.Subscription membership;
    private Cancellable poll = Cancellable.NONE;
    private String leaderNode;
    private boolean listed;

    public Standby(String jobId, ClusterNode node, Timers timers, Duration pollInterval) {
        this.jobId = jobId;
        this.node = node;
        this.standbys = node.map(SharedMaps.JOB_STANDBYS, JobStandby.class);
        this.timers = timers;
        this.pollInterval = pollInterval;
    }

    /** The key of a standby's entry. */
    public static String key(String jobId, String nodeId) {
        return jobId + "/" + nodeId;
    }

    /**
     * Waits for {@code leaderNodeId} (epoch {@code leaderEpoch}) to go; {@code claimAgain} runs when it might
     * have (it calls this method again if the job is still led elsewhere).
     */
    public Future<Void> waitFor(String leaderNodeId, long leaderEpoch, long now, Runnable claimAgain) {
        if (!leaderNodeId.equals(leaderNode)) {
            LOG.info("JobMaster of job {} is a standby: the job is led by node {} with epoch {}", jobId, leaderNodeId,
                    leaderEpoch);
        }
        leaderNode = leaderNodeId;
        if (membership == null) {
            membership = node.membership().addListener(left -> {
                if (left.equals(leaderNode)) {
                    LOG.info("Job {}: the leading JobMaster's node {} left the cluster; taking over once it has stopped "
                            + "renewing its lease", jobId, left);
                    poll.cancel();
                    claimAgain.run();
                    // Then every quarter second until the leader has missed its renewals (a flap deposes nobody).
                    for (int i = 1; i <= 8; i++) {
                        timers.schedule(Duration.ofMillis(250L * i), claimAgain);
                    }
                }
            });
        }
        poll.cancel();
        poll = timers.schedule(pollInterval, claimAgain);
        if (listed) {
            return Future.succeededFuture();
        }
        listed = true;
        return standbys.write(key(jobId, node.nodeId()), SharedMap.ANY_VERSION, 0, new JobStandby(jobId, node.nodeId(), now))
                .mapEmpty();
    }

    /** This JobMaster leads now (or stops): it no longer waits and is no longer listed. */
    public Future<Void> stopWaiting() {
        poll.cancel();
        if (membership != null) {
            membership.cancel();
            membership = null;
        }
        if (!listed) {
            return Future.succeededFuture();
        }
        listed = false;
        return standbys.write(key(jobId, node.nodeId()), SharedMap.ANY_VERSION, 0, null).mapEmpty();
    }
}
