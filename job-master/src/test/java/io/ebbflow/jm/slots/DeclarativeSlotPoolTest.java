package io.ebbflow.jm.slots;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.JobMasterMessages.SlotOffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeclarativeSlotPoolTest {

    private final DeclarativeSlotPool pool = new DeclarativeSlotPool(Duration.ofSeconds(50));

    @Test
    void declarationsAreVersionedAndOnlyChangesBumpTheVersion() {
        assertThat(pool.setRequirement(1, 3, 0)).isTrue();
        long v = pool.declaration().version();
        assertThat(pool.setRequirement(1, 3, 0)).isFalse();
        assertThat(pool.setRequirement(1, 4, 0)).isTrue();
        assertThat(pool.declaration().version()).isEqualTo(v + 1);
    }

    @Test
    void offersAreAcceptedOnlyAgainstTheOutstandingRequirement() {
        pool.setRequirement(1, 2, 0);
        List<String> accepted = pool.offerSlots("te-a", "n-a", List.of(offer(0, "a0"), offer(1, "a1"), offer(2, "a2")), 0)
                .accepted();
        assertThat(accepted).containsExactly("a0", "a1");
        assertThat(pool.outstanding()).isZero();
        // A repeated offer of a held slot is accepted again (its first reply may have been lost).
        assertThat(pool.offerSlots("te-a", "n-a", List.of(offer(0, "a0")), 5).accepted()).containsExactly("a0");
        assertThat(pool.held()).isEqualTo(2);
    }

    /**
     * A requirement raised above the share: until the ResourceManager answers with a share, the job does not hold
     * what it desires, though it holds its old share (the benchmark's sine rescaled once on 2 slots, then on 3).
     */
    @Test
    void aRaisedRequirementWaitsForTheResourceManagersShareBeforeItCountsAsHeld() {
        pool.setRequirement(1, 2, 0);
        pool.setQuota(2, 0);
        pool.offerSlots("te-a", "n-a", List.of(offer(0, "a0"), offer(1, "a1")), 0);
        assertThat(pool.hasDesired()).isTrue();

        pool.setRequirement(1, 3, 1);
        assertThat(pool.shareAwaited()).isTrue();
        assertThat(pool.hasDesired()).as("held 2 of an old share of 2, a share for 3 asked for").isFalse();
        pool.setQuota(3, 2);
        assertThat(pool.hasDesired()).as("held 2 of a share of 3").isFalse();
        pool.offerSlots("te-b", "n-b", List.of(offer(0, "b0")), 3);
        assertThat(pool.hasDesired()).isTrue();

        // No slot more in the cluster: the answer is the old share, and the job holds all of it.
        pool.setRequirement(1, 5, 4);
        assertThat(pool.hasDesired()).isFalse();
        pool.setQuota(3, 5);
        assertThat(pool.shareAwaited()).isFalse();
        assertThat(pool.hasDesired()).isTrue();

        // Lowered: nothing to wait for.
        pool.setRequirement(1, 2, 6);
        assertThat(pool.shareAwaited()).isFalse();
        assertThat(pool.hasDesired()).isTrue();
    }

    @Test
    void theQuotaCapsWhatIsAcceptedAndSlotsBeyondItGoBackAtOnce() {
        pool.setRequirement(1, 4, 0);
        pool.setQuota(4, 0);
        pool.offerSlots("te-a", "n-a", List.of(offer(0, "a0"), offer(1, "a1")), 0);
        pool.offerSlots("te-b", "n-b", List.of(offer(0, "b0"), offer(1, "b1")), 0);

        pool.setQuota(3, 0);
        assertThat(pool.offerSlots("te-c", "n-c", List.of(offer(0, "c0")), 1).accepted()).isEmpty();
        List<DeclarativeSlotPool.PooledSlot> released = pool.releaseExcess(1);

        assertThat(released).hasSize(1);
        assertThat(pool.held()).isEqualTo(3);
    }

    @Test
    void slotsBeyondTheTargetGoBackOnlyAfterTheIdleTimeout() {
        pool.setRequirement(1, 3, 0);
        pool.offerSlots("te-a", "n-a", List.of(offer(0, "a0"), offer(1, "a1"), offer(2, "a2")), 0);
        pool.setRequirement(1, 1, 0);

        assertThat(pool.releaseExcess(49_999)).isEmpty();
        assertThat(pool.nextIdleRelease()).contains(50_000L);
        assertThat(pool.releaseExcess(50_000)).hasSize(2);
        assertThat(pool.held()).isEqualTo(1);
        assertThat(pool.nextIdleRelease()).isEmpty();
    }

    @Test
    void releasePrefersTaskExecutorsWhereTheJobHoldsFewestSlots() {
        pool.setRequirement(1, 3, 0);
        pool.offerSlots("te-a", "n-a", List.of(offer(0, "a0"), offer(1, "a1")), 0);
        pool.offerSlots("te-b", "n-b", List.of(offer(0, "b0")), 0);
        pool.setQuota(2, 0);

        assertThat(pool.releaseExcess(0)).extracting(DeclarativeSlotPool.PooledSlot::taskExecutorId).containsExactly("te-b");
    }

    @Test
    void aLostTaskExecutorTakesItsSlotsOutOfThePool() {
        pool.setRequirement(1, 3, 0);
        pool.offerSlots("te-a", "n-a", List.of(offer(0, "a0"), offer(1, "a1")), 0);
        pool.offerSlots("te-b", "n-b", List.of(offer(0, "b0")), 0);

        assertThat(pool.taskExecutorsOnNode("n-a")).containsExactly("te-a");
        assertThat(pool.removeTaskExecutor("te-a", 0)).hasSize(2);
        assertThat(pool.allocationsByTaskExecutor()).containsOnlyKeys("te-b");
        assertThat(pool.outstanding()).isEqualTo(2);
    }

    @Test
    void eachAcceptedSlotRecordsHowLongTheJobWaitedForIt() {
        pool.setRequirement(1, 2, 1_000);
        assertThat(pool.unmetSince()).contains(1_000L);
        assertThat(pool.offerSlots("te-a", "n-a", List.of(offer(0, "a0")), 1_040).waitedMillis()).containsExactly(40L);
        assertThat(pool.offerSlots("te-a", "n-a", List.of(offer(1, "a1")), 1_100).waitedMillis()).containsExactly(100L);
        assertThat(pool.unmetSince()).isEmpty();
        pool.removeTaskExecutor("te-a", 5_000);
        assertThat(pool.unmetSince()).contains(5_000L);
    }

    private static SlotOffer offer(int index, String allocationId) {
        return new SlotOffer(index, allocationId);
    }
}
