package io.ebbflow.core.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The durable store in a directory; {@link S3DurableStoreTest} runs the same scenarios in S3. */
class DurableStoreTest {

    private static final Duration LEASE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /** The store under test; a test of another backend overrides this. */
    DurableStore open() throws Exception {
        return new DurableStore(dir);
    }

    @Test
    void aSecondClaimantWaitsWhileTheLeaseIsHeldAndTakesOverWithAHigherEpochWhenItRunsOut() throws Exception {
        DurableStore store = open();
        DurableStore.Claim first = store.claim("jobs/j1", "node-a", "a", 1_000, LEASE, 0, l -> false);
        assertThat(first.claimed()).isTrue();
        assertThat(first.lease().epoch()).isEqualTo(1);

        DurableStore.Claim refused = store.claim("jobs/j1", "node-b", "b", 2_000, LEASE, 0, l -> false);
        assertThat(refused.claimed()).isFalse();
        assertThat(refused.lease().nodeId()).isEqualTo("node-a");

        DurableStore.Claim afterExpiry = store.claim("jobs/j1", "node-b", "b", 6_001, LEASE, 0, l -> false);
        assertThat(afterExpiry.claimed()).isTrue();
        assertThat(afterExpiry.lease().epoch()).isEqualTo(2);
    }

    @Test
    void aClaimantThatKnowsTheHolderLeftTheClusterTakesOverAtOnce() throws Exception {
        DurableStore store = open();
        store.claim("resource-manager", "node-a", "a", 1_000, LEASE, 0, l -> false);
        DurableStore.Claim c = store.claim("resource-manager", "node-b", "b", 1_500, LEASE, 0,
                l -> l.nodeId().equals("node-a"));
        assertThat(c.claimed()).isTrue();
        assertThat(c.lease().epoch()).isEqualTo(2);
    }

    @Test
    void theEpochIsAHighWaterMarkAboveTheFloorAndSurvivesARelease() throws Exception {
        DurableStore store = open();
        assertThat(store.claim("s", "a", "a", 0, LEASE, 41, l -> false).lease().epoch()).isEqualTo(42);
        assertThat(store.release("s", 42, "a", 10)).isTrue();
        DurableStore reopened = open();
        assertThat(reopened.lease("s")).get().matches(LeaderLease::released);
        assertThat(reopened.claim("s", "b", "b", 20, LEASE, 3, l -> false).lease().epoch()).isEqualTo(43);
    }

    @Test
    void aFencedLeaderCanNeitherRenewNorWrite() throws Exception {
        DurableStore store = open();
        store.claim("jobs/j", "a", "a", 0, LEASE, 0, l -> false);
        store.claim("jobs/j", "b", "b", 10, LEASE, 0, l -> true);

        assertThat(store.renew("jobs/j", 1, "a", 20)).get().extracting(LeaderLease::epoch).isEqualTo(2L);
        assertThat(store.writeFenced("jobs/j", 1, "jobs/j/checkpoint.json", Map.of("id", 7))).isFalse();
        assertThat(store.read("jobs/j/checkpoint.json", Map.class)).isEmpty();

        assertThat(store.renew("jobs/j", 2, "b", 20)).isEmpty();
        assertThat(store.writeFenced("jobs/j", 2, "jobs/j/checkpoint.json", Map.of("id", 8))).isTrue();
        assertThat(store.read("jobs/j/checkpoint.json", Map.class)).get().isEqualTo(Map.of("id", 8));
    }

    @Test
    void documentsAreWrittenWholeListedAndDeleted() throws Exception {
        DurableStore store = open();
        store.write("archive/job-1.json", Map.of("state", "FINISHED"));
        store.write("archive/job-2.json", Map.of("state", "FAILED"));
        assertThat(store.list("archive")).containsExactly("job-1.json", "job-2.json");
        assertThat(Files.list(dir.resolve("archive")).map(p -> p.getFileName().toString()))
                .as("no temporary files are left behind").containsExactlyInAnyOrder("job-1.json", "job-2.json");
        assertThat(store.delete("archive/job-1.json")).isTrue();
        assertThat(store.list("archive")).containsExactly("job-2.json");
        store.deleteTree("archive");
        assertThat(store.list("archive")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "jobs/../../etc", "/abs", "a//b", ".hidden", "a/.", "", "x/-y"})
    void namesThatCouldLeaveTheStoreAreRefused(String name) throws Exception {
        DurableStore store = open();
        assertThatThrownBy(() -> store.write(name, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("durable store name");
    }

    @Test
    void aCorruptDocumentIsAnErrorNamingTheFile() throws Exception {
        DurableStore store = open();
        Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(dir.resolve("jobs/x.json"), "{not json");
        assertThatThrownBy(() -> store.read("jobs/x.json", Map.class)).hasMessageContaining(dir.resolve("jobs/x.json").toString());
    }
}
