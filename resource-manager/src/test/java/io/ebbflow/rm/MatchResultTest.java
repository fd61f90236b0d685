package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchResultTest {

    @Test
    void requestsGoOutAsOneMessagePerTaskExecutorAndJobInTheirOrder() {
        MatchResult.SlotRequest a0 = request("te-a", 0, "job-1", "x0");
        MatchResult.SlotRequest b0 = request("te-b", 0, "job-1", "x1");
        MatchResult.SlotRequest a1 = request("te-a", 1, "job-1", "x2");
        MatchResult.SlotRequest a2 = request("te-a", 2, "job-2", "x3");
        MatchResult.SlotRequest a3 = request("te-a", 3, "job-1", "x4");

        assertThat(new MatchResult(List.of(a0, b0, a1, a2, a3), Map.of()).perTaskExecutorAndJob())
                .containsExactly(List.of(a0, a1, a3), List.of(b0), List.of(a2));
        assertThat(new MatchResult(List.of(), Map.of()).perTaskExecutorAndJob()).isEmpty();
    }

    @Test
    void aCheckOnRegistrationLeavesTheRegisteringJobsShareToTheReply() {
        MatchResult.SlotRequest a0 = request("te-a", 0, "job-2", "x0");
        Map<String, Integer> shares = new java.util.LinkedHashMap<>();
        shares.put("job-1", 2);
        shares.put("job-2", 3);
        MatchResult decided = new MatchResult(List.of(a0), shares);

        MatchResult sent = decided.withoutShareMessageTo("job-2");

        assertThat(sent.quotaChanges()).containsExactly(Map.entry("job-1", 2));
        assertThat(sent.requests()).containsExactly(a0);
        assertThat(decided.withoutShareMessageTo("job-3")).isEqualTo(decided);
    }

    private static MatchResult.SlotRequest request(String te, int index, String job, String allocationId) {
        return new MatchResult.SlotRequest(new SlotId(te, index), job, 1, allocationId);
    }
}
