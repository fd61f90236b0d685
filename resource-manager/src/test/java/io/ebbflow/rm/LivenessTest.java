package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.ResourceDeclaration;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.SlotReport;
import io.ebbflow.core.state.JobRecord;
import io.ebbflow.core.state.TaskExecutorRecord;
import io.ebbflow.core.testing.ProtocolSamples;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivenessTest {

    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    private int ids;
    private final SlotManager sm = new SlotManager(1, () -> "id" + (++ids));
    private final Liveness liveness = new Liveness(sm, HEARTBEAT_TIMEOUT, JOB_TIMEOUT);

    @Test
    void aTaskExecutorThatStopsHeartbeatingIsRemovedWithItsSlots() {
        String quiet = registerTaskExecutor("te-quiet", "node-1", 0);
        String chatty = registerTaskExecutor("te-chatty", "node-2", 0);

        liveness.taskExecutorHeartbeat("te-chatty", 9_000);
        liveness.check(9_999);
        assertThat(sm.isRegistered(quiet)).isTrue();

        liveness.check(10_000);

        assertThat(sm.isRegistered(quiet)).isFalse();
        assertThat(sm.isRegistered(chatty)).isTrue();
        assertThat(sm.totalSlots()).isEqualTo(2);
    }

    @Test
    void aJobMasterThatStopsHeartbeatingLosesItsShareAndItsJobIsForgottenAfterTheJobTimeout() {
        registerTaskExecutor("te-a", "node-1", 0);
        registerJob("job-1", "node-j", 0);
        assertThat(sm.checkResourceRequirements().quotaChanges()).containsEntry("job-1", 2);

        liveness.taskExecutorHeartbeat("te-a", 10_000);
        liveness.check(10_000);
        assertThat(sm.jobsOnNode("node-j")).isEmpty();
        assertThat(sm.job("job-1")).isPresent();
        assertThat(sm.checkResourceRequirements().requests()).isEmpty();
        assertThat(sm.quotaOf("job-1")).isZero();
        assertThat(sm.totalSlots()).isEqualTo(2);

        assertForgottenOnceGoneForTheJobTimeout("job-1", 10_000);
    }

    @Test
    void heartbeatsKeepAJobMasterAndADeregisteredOneIsNoLongerWatched() {
        registerJob("job-1", "node-j", 0);
        registerJob("job-2", "node-j", 0);

        liveness.jobMasterHeartbeat("job-1", 5_000);
        sm.deregisterJobMaster("job-2", 1);
        liveness.jobMasterDeregistered("job-2");
        liveness.check(10_000);

        assertThat(sm.jobsOnNode("node-j")).containsExactly("job-1");
        assertThat(sm.job("job-2")).isEmpty();
    }

    @Test
    void whenANodeLeavesItsTaskExecutorsGoAndItsJobMastersAreLost() {
        registerTaskExecutor("te-a", "node-1", 0);
        registerTaskExecutor("te-b", "node-2", 0);
        registerJob("job-1", "node-1", 0);
        registerJob("job-2", "node-2", 0);

        liveness.nodeLeft("node-1", 1_000);

        assertThat(sm.isRegistered("te-a")).isFalse();
        assertThat(sm.isRegistered("te-b")).isTrue();
        assertThat(sm.jobsOnNode("node-1")).isEmpty();
        assertThat(sm.jobsOnNode("node-2")).containsExactly("job-2");
        assertForgottenOnceGoneForTheJobTimeout("job-1", 1_000);
    }

    @Test
    void removingATaskExecutorStopsWatchingItAndAnUnknownOneIsNoChange() {
        registerTaskExecutor("te-a", "node-1", 0);

        assertThat(liveness.removeTaskExecutor("te-a", "it is leaving")).isTrue();
        assertThat(liveness.removeTaskExecutor("te-a", "it is leaving")).isFalse();
        assertThat(liveness.removeTaskExecutor("te-x", "it is leaving")).isFalse();

        // Registered again under the same id, it gets a fresh heartbeat clock.
        registerTaskExecutor("te-a", "node-1", 8_000);
        liveness.check(10_000);
        assertThat(sm.isRegistered("te-a")).isTrue();
    }

    @Test
    void restoredTaskExecutorsAndLiveJobMastersAreWatchedFromTheRestart() {
        sm.restoreTaskExecutor(new TaskExecutorRecord("te-a", "node-1", "h", 0, 1, ProtocolSamples.HARDWARE, "reg", 0), 5_000);
        sm.restoreJob(new JobRecord("job-1", "job-1", 1, 1, "node-j", 1, 1, 1), true, 5_000);
        liveness.recovered(new Recovery(List.of("te-a"), List.of("job-1"), List.of(), List.of()), 5_000);

        liveness.check(14_999);
        assertThat(sm.isRegistered("te-a")).isTrue();
        assertThat(sm.jobsOnNode("node-j")).containsExactly("job-1");

        liveness.check(15_000);
        assertThat(sm.isRegistered("te-a")).isFalse();
        assertThat(sm.jobsOnNode("node-j")).isEmpty();
    }

    /** The job is kept until its JobMaster has been gone for the job timeout, counted from {@code goneSince}. */
    private void assertForgottenOnceGoneForTheJobTimeout(String jobId, long goneSince) {
        liveness.check(goneSince + JOB_TIMEOUT.toMillis() - 1);
        assertThat(sm.job(jobId)).isPresent();
        liveness.check(goneSince + JOB_TIMEOUT.toMillis());
        assertThat(sm.job(jobId)).isEmpty();
    }

    private String registerTaskExecutor(String id, String nodeId, long now) {
        SlotReport report = new SlotReport(List.of(SlotReport.Slot.free(0), SlotReport.Slot.free(1)));
        sm.registerTaskExecutor(new RegisterTaskExecutor(id, nodeId, "h", 0, 2, ProtocolSamples.HARDWARE, report), now,
                node -> true);
        liveness.taskExecutorRegistered(id, now);
        return id;
    }

    private void registerJob(String jobId, String nodeId, long now) {
        sm.registerJobMaster(new RegisterJobMaster(jobId, jobId, 1, nodeId, new ResourceDeclaration(1, 1, 2)));
        liveness.jobMasterRegistered(jobId, now);
    }
}
