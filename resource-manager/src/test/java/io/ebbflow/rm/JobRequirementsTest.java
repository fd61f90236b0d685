package io.ebbflow.rm;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceDeclaration;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.state.JobRecord;
import org.junit.jupiter.api.Test;

class JobRequirementsTest {

    private final JobRequirements jobs = new JobRequirements();

    @Test
    void newJobsTakeTheNextPlaceAndAReturningOneKeepsItsOwn() {
        assertThat(jobs.register(register("job-1", 1, 1, 1, 2))).isEqualTo(1);
        assertThat(jobs.register(register("job-2", 1, 1, 1, 2))).isEqualTo(2);
        assertThat(jobs.register(register("job-1", 2, 1, 1, 2))).isEqualTo(1);

        assertThat(jobs.connectedInSubmissionOrder()).extracting(JobRecord::jobId).containsExactly("job-1", "job-2");
        assertThat(jobs.job("job-1").orElseThrow().jobMasterEpoch()).isEqualTo(2);
        assertThat(jobs.drainChanges()).containsOnlyKeys("job-1", "job-2");
    }

    @Test
    void aRestoredJobPushesTheSubmissionOrderPastItsPlace() {
        jobs.restore(new JobRecord("job-7", "j", 7, 1, "node", 1, 1, 1), true, 0);

        assertThat(jobs.register(register("job-8", 1, 1, 1, 1))).isEqualTo(8);
        assertThat(jobs.drainChanges()).containsOnlyKeys("job-8");
    }

    @Test
    void onlyANewerDeclarationCountsAndOnlyAChangedRequirementCallsForACheck() {
        jobs.register(register("job-1", 1, 1, 1, 2));

        assertThat(jobs.declare("job-1", 1, new ResourceDeclaration(1, 1, 4))).isFalse();
        assertThat(jobs.job("job-1").orElseThrow().desiredSlots()).isEqualTo(2);
        assertThat(jobs.declare("job-1", 1, new ResourceDeclaration(2, 1, 2))).isFalse();
        assertThat(jobs.job("job-1").orElseThrow().declarationVersion()).isEqualTo(2);
        assertThat(jobs.declare("job-1", 1, new ResourceDeclaration(3, 1, 4))).isTrue();
        assertThat(jobs.job("job-1").orElseThrow().desiredSlots()).isEqualTo(4);
    }

    @Test
    void olderAndUnknownJobMastersAreRefused() {
        jobs.register(register("job-1", 2, 1, 1, 1));

        assertThatThrownBy(() -> jobs.register(register("job-1", 1, 9, 1, 1)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.STALE));
        assertThatThrownBy(() -> jobs.declare("job-1", 1, new ResourceDeclaration(9, 1, 1)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.STALE));
        assertThatThrownBy(() -> jobs.declare("job-1", 3, new ResourceDeclaration(9, 1, 1)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.UNKNOWN_SENDER));
        assertThatThrownBy(() -> jobs.deregister("job-2", 1))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.UNKNOWN_SENDER));
    }

    @Test
    void sharesAreReportedOnlyWhenTheyChangeOrTheJobMasterCameBack() {
        jobs.register(register("job-1", 1, 1, 1, 4));
        jobs.register(register("job-2", 1, 1, 1, 4));

        assertThat(jobs.updateShares(4)).containsExactly(entry("job-1", 2), entry("job-2", 2));
        assertThat(jobs.updateShares(4)).isEmpty();

        assertThat(jobs.jobMasterLost("job-1", 10)).isTrue();
        assertThat(jobs.jobMasterLost("job-1", 20)).isFalse();
        assertThat(jobs.updateShares(4)).containsExactly(entry("job-2", 4));
        assertThat(jobs.quotaOf("job-1")).isZero();

        jobs.register(register("job-1", 2, 1, 1, 4));
        assertThat(jobs.updateShares(4)).containsExactly(entry("job-1", 2), entry("job-2", 2));
    }

    @Test
    void aJobWhoseJobMasterStaysAwayIsForgottenAfterTheTimeout() {
        jobs.register(register("job-1", 1, 1, 1, 1));
        jobs.register(register("job-2", 1, 1, 1, 1));
        jobs.drainChanges();
        assertThat(jobs.onNode("node-job-1")).containsExactly("job-1");

        jobs.jobMasterLost("job-1", 1_000);
        assertThat(jobs.onNode("node-job-1")).isEmpty();
        assertThat(jobs.expireDisconnected(1_000 + 299_999, 300_000)).isEmpty();
        assertThat(jobs.expireDisconnected(1_000 + 300_000, 300_000)).containsExactly("job-1");

        assertThat(jobs.job("job-1")).isEmpty();
        assertThat(jobs.size()).isEqualTo(1);
        assertThat(jobs.drainChanges()).containsOnlyKeys("job-1").containsValue(null);
    }

    @Test
    void theOverviewShowsEveryJobInSubmissionOrderWithItsConnectionAndShare() {
        jobs.register(register("job-b", 1, 1, 1, 1));
        jobs.register(register("job-a", 1, 1, 1, 1));
        jobs.updateShares(2);
        jobs.jobMasterLost("job-b", 0);

        assertThat(jobs.states()).extracting(s -> s.record().jobId(), JobRequirements.JobState::connected,
                JobRequirements.JobState::quota).containsExactly(
                        tuple("job-b", false, 1),
                        tuple("job-a", true, 1));
    }

    private static RegisterJobMaster register(String jobId, long epoch, long version, int min, int desired) {
        return new RegisterJobMaster(jobId, jobId, epoch, "node-" + jobId, new ResourceDeclaration(version, min, desired));
    }
}
