package io.ebbflow.runtime.network;

import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.security.SecurityRefusals;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may subscribe to a partition on this data plane: the secrets of the jobs deployed here, the proof a channel
 * sends with its subscription, and the checks of a proof received; every refusal counted and logged.
 */
final class SubscriptionGuard {

    private final Map<String, JobSecret> jobSecrets = new ConcurrentHashMap<>();
    private final SecurityRefusals refusals;

    SubscriptionGuard(SecurityRefusals refusals) {
        this.refusals = refusals;
    }

    void trust(String jobId, JobSecret secret) {
        jobSecrets.put(jobId, secret);
    }

    /** Whether a job's secret is known here (a part of it was deployed). */
    boolean knows(String jobId) {
        return jobSecrets.containsKey(jobId);
    }

    void forget(String jobId) {
        jobSecrets.remove(jobId);
    }

    /** The proof a channel of {@code jobId} sends with its subscription (empty if the job's secret is unknown here). */
    String proof(String jobId, String partitionId, int subpartition) {
        JobSecret secret = jobSecrets.get(jobId);
        return secret == null ? "" : secret.proof(JobSecret.SUBSCRIBE, subject(jobId, partitionId, subpartition));
    }

    private static String subject(String jobId, String partitionId, int subpartition) {
        return jobId + "/" + partitionId + "/" + subpartition;
    }

    /**
     * Whether a subscription proves the secret of the job it names (checked before it waits for a partition);
     * counted and logged if not.
     */
    boolean authorized(Frames.Subscribe s, String source) {
        JobSecret secret = jobSecrets.get(s.jobId());
        if (secret != null && secret.verify(JobSecret.SUBSCRIBE, subject(s.jobId(), s.partitionId(), s.subpartition()),
                s.proof())) {
            return true;
        }
        refusals.refused("data", "proof", source, "a subscription to partition " + SecurityRefusals.abbreviate(s.partitionId())
                + " of job " + SecurityRefusals.abbreviate(s.jobId()) + " without " + (secret == null ? "that job being deployed here"
                        : "a valid proof of the job's secret"));
        return false;
    }

    /** Whether the partition a proven subscription found belongs to the job it proved (counted and logged if not). */
    boolean ofJob(ResultPartition p, String jobId, String source) {
        if (p.jobId().equals(jobId)) {
            return true;
        }
        refusals.refused("data", "other-job", source, "a subscription of job " + SecurityRefusals.abbreviate(jobId) + " to partition "
                + p.id() + " of job " + p.jobId());
        return false;
    }
}
