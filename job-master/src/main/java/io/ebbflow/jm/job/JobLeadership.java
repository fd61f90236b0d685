package io.ebbflow.jm.job;

import io.ebbflow.core.ha.AsyncDurableStore;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.ha.LeaderLease;
import io.ebbflow.core.state.CheckpointPointer;
import io.ebbflow.core.state.JobRegistration;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's leadership and durable truth in the cluster's {@link DurableStore}, under {@code jobs/<jobId>/}: the
 * lease ({@code leader.json}, whose epoch is the JobMaster's fencing token and the job's epoch high-water mark),
 * the registration ({@code job.json}) and the newest completed checkpoint ({@code checkpoint.json}). Writes by
 * the leader are fenced: once a newer epoch holds the lease, they are refused, so at most one JobMaster of a job
 * commits checkpoints, whatever the network does.
 *
 * <p>Confined to the JobMaster's event loop; the store's file I/O runs on worker threads.
 */
public final class JobLeadership {

    private static final Logger LOG = LoggerFactory.getLogger(JobLeadership.class);

    private final String jobId;
    private final String scope;
    private final AsyncDurableStore store;
    private final String nodeId;
    private final String holder;
    private final Duration leaseDuration;
    private final Duration renewInterval;
    private long epoch;
    private Cancellable renewal = Cancellable.NONE;
    private boolean fenced;

    public JobLeadership(String jobId, AsyncDurableStore store, String nodeId, Duration leaseDuration,
            Duration renewInterval) {
        this.renewInterval = renewInterval;
        this.jobId = jobId;
        this.scope = "jobs/" + jobId;
        this.store = store;
        this.nodeId = nodeId;
        this.holder = "JobMaster pid " + ProcessHandle.current().pid() + " on node " + nodeId;
        this.leaseDuration = leaseDuration;
    }

    /**
     * Tries to lead the job with an epoch above {@code floor} and above every epoch used before.
     *
     * @param holderGone whether a current lease holder's process left the cluster (then its lease is void)
     */
    public Future<DurableStore.Claim> claim(long now, long floor, Predicate<LeaderLease> holderGone) {
        return store.claim(scope, nodeId, holder, now, leaseDuration, floor, holderGone).onSuccess(c -> {
            if (c.claimed()) {
                epoch = c.lease().epoch();
            }
        });
    }

    /** The job's lease, if any JobMaster ever led it. */
    public Future<Optional<LeaderLease>> lease() {
        return store.lease(scope);
    }

    /** The job's registration, if it was started before and has not ended. */
    public Future<Optional<JobRegistration>> registration() {
        return store.read(scope + "/job.json", JobRegistration.class);
    }

    /** Records the job's registration (fenced). */
    public Future<Boolean> register(JobRegistration registration) {
        return store.writeFenced(scope, epoch, scope + "/job.json", registration);
    }

    /** The newest completed checkpoint recorded in the durable store. */
    public Future<Optional<CheckpointPointer>> latestCheckpoint() {
        return store.read(scope + "/checkpoint.json", CheckpointPointer.class);
    }

    /**
     * Records a completed checkpoint as the newest, fenced by this leader's epoch.
     *
     * @return false if a newer JobMaster leads the job: this one must not commit the checkpoint
     */
    public Future<Boolean> recordCheckpoint(CheckpointPointer pointer) {
        if (fenced) {
            return Future.succeededFuture(false);
        }
        return store.writeFenced(scope, epoch, scope + "/checkpoint.json", pointer);
    }

    /**
     * Renews the lease every {@code interval}. {@code onFenced} hears (once) that a newer epoch took the job, or
     * that the lease could not be renewed for longer than it lasts: either way this JobMaster must stop acting.
     */
    public void keepRenewing(Timers timers, Clock clock, Duration interval, Consumer<String> onFenced) {
        long[] lastRenewed = {clock.millis()};
        renewal = timers.periodic(interval, () -> {
            if (fenced) {
                return;
            }
            store.renew(scope, epoch, nodeId, clock.millis()).onComplete(ar -> {
                if (fenced) {
                    return;
                }
                if (ar.succeeded() && ar.result().isEmpty()) {
                    lastRenewed[0] = clock.millis();
                } else if (ar.succeeded()) {
                    fence(onFenced, "JobMaster epoch " + epoch + " of job " + jobId + " superseded by epoch "
                            + ar.result().get().epoch() + (ar.result().get().nodeId() == null ? ""
                                    : " (node " + ar.result().get().nodeId() + ")"));
                } else if (clock.millis() - lastRenewed[0] > leaseDuration.toMillis()) {
                    fence(onFenced, "JobMaster epoch " + epoch + " of job " + jobId + " could not renew its lease for "
                            + (clock.millis() - lastRenewed[0]) + " ms: " + ar.cause());
                } else {
                    LOG.warn("Job {}: lease renewal failed ({}); retrying", jobId, ar.cause().toString());
                }
            });
        });
    }

    private void fence(Consumer<String> onFenced, String why) {
        fenced = true;
        renewal.cancel();
        onFenced.accept(why);
    }

    /** The job was suspended: its registration says so and the lease is given up for a standby or a restart. */
    public Future<Void> suspend(JobRegistration registration, long now) {
        renewal.cancel();
        return register(registration).compose(ok -> store.release(scope, epoch, nodeId, now)).mapEmpty();
    }

    /**
     * The job ended: its registration says so (standbys stop; a later JobMaster with the id starts a new job) and
     * its checkpoint pointer goes (the lease stays, its epoch is the high-water mark for a later job with the id).
     */
    public Future<Void> ended(JobRegistration registration, long now) {
        renewal.cancel();
        return register(registration)
                .compose(v -> store.delete(scope + "/checkpoint.json"))
                .compose(v -> store.release(scope, epoch, nodeId, now))
                .mapEmpty();
    }

    /** Gives up a lease just claimed without leading (the job turned out to have ended). */
    public Future<Void> release(long now) {
        return store.release(scope, epoch, nodeId, now).mapEmpty();
    }

    public long epoch() {
        return epoch;
    }

    public Duration renewInterval() {
        return renewInterval;
    }
}
