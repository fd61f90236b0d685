package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.ha.LeaderLease;
import io.ebbflow.core.time.ManualTime;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two or three ResourceManagers' elections over one real durable store (a temporary directory), on manual
 * time and a hand-made cluster membership.
 */
class LeaderElectionTest {

    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration RENEW = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(1_000_000);
    private final Set<String> members = new HashSet<>();
    private long mapEpoch;

    @Test
    void theFirstResourceManagerLeadsAndTheSecondStandsBy() {
        Candidate a = candidate("node-a");
        Candidate b = candidate("node-b");

        a.election.start();
        b.election.start();
        time.advance(Duration.ofSeconds(10));

        assertThat(a.events).containsExactly("elected 1");
        assertThat(b.events).isEmpty();
        assertThat(b.election.phase()).isEqualTo(Leadership.Phase.STANDBY);
        assertThat(lease().nodeId()).isEqualTo("node-a");
        assertThat(lease().renewedAt()).as("renewed").isEqualTo(time.millis());
    }

    @Test
    void aStandbyTakesOverWhenTheLeadersProcessLeftTheClusterAndMissedItsRenewals() {
        Candidate a = candidate("node-a");
        Candidate b = candidate("node-b");
        a.election.start();
        b.election.start();
        time.advance(Duration.ofMillis(2_500));

        a.crash();
        b.election.nodeLeft("node-a");
        assertThat(b.events).as("renewed 0.5 s ago: it may be a flap").isEmpty();
        time.advance(Duration.ofMillis(1_250)); // more than 1.5 renew intervals after its last renewal

        assertThat(b.events).containsExactly("elected 2");
        assertThat(b.election.epoch()).isEqualTo(2);
    }

    @Test
    void aStandbyTakesOverWhenTheLeadersLeaseRunsOutAndTheOldLeaderHasStoppedBefore() {
        Candidate a = candidate("node-a");
        Candidate b = candidate("node-b");
        a.election.start();
        b.election.start();
        time.advance(Duration.ofMillis(500));

        a.storeUnavailable = true; // the leader is still a member but cannot reach the store
        long lastRenewal = lease().renewedAt();
        time.advance(Duration.ofSeconds(4));
        assertThat(a.events).containsExactly("elected 1");
        assertThat(b.events).isEmpty();
        time.advance(Duration.ofSeconds(1));
        assertThat(a.events).hasSize(2).last().asString().startsWith("fenced: ResourceManager epoch 1 could not renew");
        assertThat(b.events).as("the old leader stops before the lease runs out").isEmpty();

        time.advance(Duration.ofSeconds(2));

        assertThat(b.events).containsExactly("elected 2");
        assertThat(a.fencedAt).isLessThanOrEqualTo(lastRenewal + LEASE.toMillis()).isLessThan(b.electedAt);
    }

    @Test
    void aLeaderWhoseRenewalFindsANewerEpochIsFencedWithinOneRenewInterval() {
        Candidate a = candidate("node-a");
        Candidate b = candidate("node-b");
        a.election.start();
        b.election.start();
        time.advance(Duration.ofMillis(500));

        // A network split: b no longer sees a, which is alive and renewing. A short flap deposes nobody; after
        // three renew intervals out of sight b takes over, and a is fenced at its next renewal.
        b.unreachable.add("node-a");
        b.election.nodeLeft("node-a");
        assertThat(b.events).isEmpty();
        time.advance(RENEW.multipliedBy(2));
        assertThat(b.events).as("out of sight for 2 renew intervals: still a flap").isEmpty();
        time.advance(RENEW.multipliedBy(2));
        assertThat(b.events).containsExactly("elected 2");

        time.advance(RENEW);

        assertThat(a.events).containsExactly("elected 1",
                "fenced: ResourceManager epoch 1 superseded by 2 (held by node node-b)");
    }

    @Test
    void theNewEpochIsAboveTheEpochInTheClustersMapsEvenWhenTheStoreIsNew() {
        mapEpoch = 41;
        Candidate a = candidate("node-a");

        a.election.start();

        assertThat(a.events).containsExactly("elected 42");
    }

    @Test
    void everyEpochIsHigherThanAnyBeforeAfterEveryProcessDied() {
        Candidate a = candidate("node-a");
        a.election.start();
        time.advance(Duration.ofSeconds(3));
        a.crash();

        // Everything restarted: the maps are empty, the store remembers.
        Candidate c = candidate("node-c");
        c.election.start();
        time.advance(Duration.ofSeconds(2));

        assertThat(c.events).containsExactly("elected 2");
    }

    @Test
    void aCleanStopReleasesTheLeaseSoAStandbyTakesOverWithoutWaitingForItToRunOut() {
        Candidate a = candidate("node-a");
        Candidate b = candidate("node-b");
        a.election.start();
        b.election.start();

        a.election.stop();
        time.advance(RENEW);

        assertThat(b.events).containsExactly("elected 2");
    }

    // ------------------------------------------------------------------ helpers

    private LeaderLease lease() {
        try {
            return new DurableStore(dir).lease(DurableLeases.SCOPE).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Candidate candidate(String nodeId) {
        members.add(nodeId);
        return new Candidate(nodeId);
    }

    /** One ResourceManager's election, with what it was told. */
    private final class Candidate implements LeaderElection.Leases, LeaderElection.Listener {
        final String nodeId;
        final DurableStore store = new DurableStore(dir);
        final List<String> events = new ArrayList<>();
        final Set<String> unreachable = new HashSet<>();
        final LeaderElection election;
        boolean storeUnavailable;
        boolean dead;
        long electedAt = -1;
        long fencedAt = -1;

        Candidate(String nodeId) {
            this.nodeId = nodeId;
            this.election = new LeaderElection(nodeId, "rm-" + nodeId, this, LEASE, RENEW, time, time, () -> {
                Set<String> seen = new HashSet<>(members);
                seen.removeAll(unreachable);
                return seen;
            }, this);
        }

        /** kill -9: nothing of it runs any more, and it leaves the membership. */
        void crash() {
            dead = true;
            election.stop();
            members.remove(nodeId);
        }

        @Override
        public void elected(LeaderLease lease) {
            events.add("elected " + lease.epoch());
            electedAt = time.millis();
        }

        @Override
        public void fenced(String reason) {
            events.add(reason);
            fencedAt = time.millis();
        }

        @Override
        public Future<Optional<LeaderLease>> current() {
            return call(() -> store.lease(DurableLeases.SCOPE));
        }

        @Override
        public Future<DurableStore.Claim> claim(String node, String holder, long now, Duration lease,
                Predicate<LeaderLease> holderGone) {
            return call(() -> store.claim(DurableLeases.SCOPE, node, holder, now, lease, mapEpoch, holderGone));
        }

        @Override
        public Future<Optional<LeaderLease>> renew(long epoch, String node, long now) {
            return call(() -> store.renew(DurableLeases.SCOPE, epoch, node, now));
        }

        @Override
        public Future<Boolean> release(long epoch, String node, long now) {
            // A crashed process releases nothing.
            return dead ? Future.succeededFuture(false) : call(() -> store.release(DurableLeases.SCOPE, epoch, node, now));
        }

        private <T> Future<T> call(IoCall<T> action) {
            if (storeUnavailable) {
                return Future.failedFuture(new IOException("store unavailable"));
            }
            try {
                return Future.succeededFuture(action.run());
            } catch (IOException e) {
                return Future.failedFuture(e);
            }
        }
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }
}
