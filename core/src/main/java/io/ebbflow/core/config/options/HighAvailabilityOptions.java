package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/**
 * Where the cluster keeps what must survive every process (leases and epoch high-water marks, job
 * registrations, the newest completed checkpoint per job, archived jobs), and how leadership leases behave.
 * Flink's key names where Flink has the option.
 */
public final class HighAvailabilityOptions {

    private HighAvailabilityOptions() {
    }

    public static final ConfigOption<String> STORAGE_DIR = ConfigOption.key("high-availability.storageDir")
            .stringType().defaultValue("ha")
            .validate("a non-empty path", Ranges.notBlank())
            .withDescription("Directory of the durable store, shared by every ResourceManager, JobMaster and web-ui "
                    + "of the cluster: a local directory on one machine, a shared file system, or S3-compatible storage "
                    + "(s3://bucket/prefix, see the s3.* options). It holds the "
                    + "leadership leases with their epochs, job registrations, the newest completed checkpoint of "
                    + "each job and the archive of ended jobs, under a sub-directory named by "
                    + "'high-availability.cluster-id'. A relative path is resolved against the working directory.");

    public static final ConfigOption<String> CLUSTER_ID = ConfigOption.key("high-availability.cluster-id")
            .stringType().defaultValue("")
            .derivedDefault("the value of 'cluster.name'")
            .withDescription("Name of this cluster's sub-directory in 'high-availability.storageDir', so that "
                    + "several clusters can share one storage directory.");

    public static final ConfigOption<Duration> LEASE_DURATION = ConfigOption.key("high-availability.lease.duration")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .validate("at least 1 s", d -> d.toMillis() >= 1000 ? null : "expected at least 1 s, got " + d.toMillis() + " ms")
            .withDescription("How long a JobMaster's or ResourceManager's leadership lasts without renewal. A "
                    + "standby takes over when the leader leaves the cluster or its lease runs out; a leader that "
                    + "cannot renew its lease (or finds a newer epoch) stops acting within this time.");

    public static final ConfigOption<Duration> LEASE_RENEW_INTERVAL = ConfigOption
            .key("high-availability.lease.renew-interval")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .validate("a positive duration", Ranges.positive())
            .withDescription("How often a leader renews its lease in the durable store (and checks that no newer "
                    + "epoch exists). Must be well below 'high-availability.lease.duration'.");

    public static final ConfigOption<Boolean> CANCEL_ON_STOP = ConfigOption.key("execution.cancel-on-stop")
            .booleanType().defaultValue(false)
            .withDescription("Whether stopping a JobMaster (SIGTERM, Ctrl-C) cancels its job. By default the job is "
                    + "SUSPENDED instead: its checkpoints are kept, a standby JobMaster takes over, or the next JobMaster "
                    + "started with the job's id resumes it. The job-master's --cancel-on-stop flag sets it; "
                    + "PATCH /jobs/:id?mode=cancel always cancels.");
}
