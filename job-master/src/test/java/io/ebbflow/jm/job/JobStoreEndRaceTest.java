package io.ebbflow.jm.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.cluster.ClusterMembership;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.cluster.WriteResult;
import io.ebbflow.core.ha.AsyncDurableStore;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.time.ManualTime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standby's claim that began before the leader ended the job and got the lease after the leader gave it up (the
 * chaos suite's cancel at its end): the standby must find the job ended and not start it again as a new job.
 */
class JobStoreEndRaceTest {

    private static final String JOB = "job-1";

    @TempDir
    Path dir;
    final Vertx vertx = Vertx.vertx();
    final ManualTime time = new ManualTime(1_000_000);
    final Map<String, InMemorySharedMap<?>> maps = new HashMap<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStandbyWhoseClaimOverlapsTheLeadersEndFindsTheJobEndedInsteadOfStartingItAgain() throws Exception {
        Node a = new Node("node-a", Set.of("node-a", "node-b"), false);
        JobStore leader = a.store();
        JobStore.Claim first = await(leader.claim(JOB, "Job", time.millis(), time.millis(), time, () -> { }));
        assertThat(first).isInstanceOf(JobStore.Leading.class);
        long standbyStarted = time.millis();
        time.advance(1_000);

        // The standby's claim reads the registration (the job runs), then waits on the job's map entry...
        Node b = new Node("node-b", Set.of("node-b"), true); // by then the leader's process is leaving the cluster
        JobStore standby = b.store();
        Future<JobStore.Claim> claim = standby.claim(JOB, "Job", time.millis(), standbyStarted, time, () -> { });
        await(b.gate.reached.future());

        // ... while the leader ends the job, records the end and gives up its lease.
        time.advance(1_000);
        assertThat(leader.end(JobStatus.CANCELED, time.millis())).isTrue();
        await(leader.recordEnd(time.millis()));
        b.gate.open.complete();

        JobStore.Claim second = await(claim);
        assertThat(second).as("the standby sees the end, not a job to lead").isInstanceOf(JobStore.Ended.class);
        assertThat(((JobStore.Ended) second).status()).isEqualTo(JobStatus.CANCELED);
    }

    private <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** One JobMaster's node: its own view of the members, the shared maps, the one durable store. */
    private final class Node implements ClusterNode {
        final String id;
        final Set<String> live;
        final Gate gate;

        Node(String id, Set<String> live, boolean gated) {
            this.id = id;
            this.live = live;
            this.gate = gated ? new Gate() : null;
        }

        JobStore store() {
            return new JobStore(this, new JobLeadership(JOB, new AsyncDurableStore(vertx, new DurableStore(dir)), id,
                    Duration.ofSeconds(5), Duration.ofSeconds(1)));
        }

        @Override
        public Vertx vertx() {
            return vertx;
        }

        @Override
        public String nodeId() {
            return id;
        }

        @Override
        public ClusterMembership membership() {
            return new ClusterMembership() {
                @Override
                public String localNodeId() {
                    return id;
                }

                @Override
                public Set<String> liveNodeIds() {
                    return live;
                }

                @Override
                public Subscription addListener(Listener listener) {
                    return () -> { };
                }
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> SharedMap<T> map(String name, Class<T> type) {
            InMemorySharedMap<T> shared = (InMemorySharedMap<T>) maps.computeIfAbsent(name, InMemorySharedMap::new);
            return gate != null && name.equals(io.ebbflow.core.state.SharedMaps.JOBS) ? gate.around(shared) : shared;
        }

        @Override
        public MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    }

    /** Holds the first read of the job's entry until {@code open} completes (a slow cluster map). */
    private static final class Gate {
        final Promise<Void> reached = Promise.promise();
        final Promise<Void> open = Promise.promise();
        boolean used;

        <T> SharedMap<T> around(SharedMap<T> map) {
            return new SharedMap<>() {
                @Override
                public String name() {
                    return map.name();
                }

                @Override
                public Future<Map<String, Versioned<T>>> entries() {
                    return map.entries();
                }

                @Override
                public Future<Versioned<T>> get(String key) {
                    if (used) {
                        return map.get(key);
                    }
                    used = true;
                    reached.complete();
                    return open.future().compose(v -> map.get(key));
                }

                @Override
                public Future<WriteResult<T>> write(String key, long expectedVersion, long writerEpoch, T value) {
                    return map.write(key, expectedVersion, writerEpoch, value);
                }
            };
        }
    }
}
