package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.ha.LeaderLease;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeadershipTest {

    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration RENEW = Duration.ofSeconds(1);

    private final Leadership leadership = new Leadership(LEASE, RENEW);

    @Test
    void theLeadershipIsVacantWithoutALeaseAfterARelaseOnExpiryAndWhenTheHolderLeftTheCluster() {
        LeaderLease held = new LeaderLease(4, "node-a", "rm", 10_000, 5_000);
        Set<String> live = Set.of("node-a", "node-b");

        assertThat(Leadership.vacant(Optional.empty(), live::contains, 10_000, 1_000, 10_000)).isTrue();
        assertThat(Leadership.vacant(Optional.of(held), live::contains, 12_000, 1_000, 12_000)).isFalse();
        assertThat(Leadership.vacant(Optional.of(held), live::contains, 15_001, 1_000, 15_001)).as("ran out").isTrue();
        assertThat(Leadership.vacant(Optional.of(held), Set.of("node-b")::contains, 12_000, 1_000, 11_900))
                .as("holder gone and no longer renewing").isTrue();
        assertThat(Leadership.vacant(Optional.of(held), Set.of("node-b")::contains, 11_000, 1_000, 10_900))
                .as("holder not a member but renewed 1 s ago: a membership flap, not a death").isFalse();
        assertThat(Leadership.vacant(Optional.of(new LeaderLease(4, "node-a", "rm", 12_900, 5_000)),
                Set.of("node-b")::contains, 13_000, 1_000, 10_000))
                .as("renewing, but out of sight for 3 renew intervals: a split that lasts").isTrue();
        assertThat(Leadership.vacant(Optional.of(new LeaderLease(4, null, "rm", 10_000, 0)), live::contains, 10_000, 1_000,
                10_000)).as("released").isTrue();
    }

    @Test
    void aStandbyTellsEachNewLeaderItWatchesOnce() {
        assertThat(leadership.watching(new LeaderLease(1, "node-a", "rm", 0, 5_000))).isTrue();
        assertThat(leadership.watching(new LeaderLease(1, "node-a", "rm", 1_000, 5_000))).as("renewed").isFalse();
        assertThat(leadership.watching(new LeaderLease(2, "node-c", "rm", 2_000, 5_000))).isTrue();
        assertThat(leadership.phase()).isEqualTo(Leadership.Phase.STANDBY);
    }

    @Test
    void aLeaderThatRenewsKeepsLeading() {
        leadership.elected(new LeaderLease(3, "node-me", "rm", 0, 5_000), 0);
        for (long t = 1_000; t <= 60_000; t += 1_000) {
            leadership.renewed(t);
            assertThat(leadership.expired(t + 500)).isEmpty();
        }
        assertThat(leadership.isLeading()).isTrue();
        assertThat(leadership.epoch()).isEqualTo(3);
    }

    @Test
    void aLeaderThatCannotRenewStopsBeforeItsLeaseRunsOut() {
        leadership.elected(new LeaderLease(3, "node-me", "rm", 0, 5_000), 0);
        leadership.renewed(1_000);

        assertThat(leadership.expired(5_000)).isEmpty();
        Optional<String> fenced = leadership.expired(5_001);

        // Stopped one renew interval before a standby may take over on expiry (at 6 000).
        assertThat(fenced).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("fenced: ResourceManager epoch 3 could not renew its lease for 4001 ms"));
        assertThat(leadership.phase()).isEqualTo(Leadership.Phase.FENCED);
        assertThat(leadership.expired(9_000)).as("said once").isEmpty();
    }

    @Test
    void aRenewalThatFindsANewerEpochFencesTheLeader() {
        leadership.elected(new LeaderLease(3, "node-me", "rm", 0, 5_000), 0);

        String reason = leadership.superseded(new LeaderLease(4, "node-b", "rm", 800, 5_000));

        assertThat(reason).isEqualTo("fenced: ResourceManager epoch 3 superseded by 4 (held by node node-b)");
        assertThat(leadership.isLeading()).isFalse();
        assertThat(leadership.phase()).isEqualTo(Leadership.Phase.FENCED);
    }
}
