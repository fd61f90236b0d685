package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ebbflow.core.ha.AsyncDurableStore;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.state.ArchivedJob;
import io.ebbflow.core.state.JobEntry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRegistryTest {

    @TempDir
    Path dir;
    private Vertx vertx;
    private DurableStore store;
    private final TestingSharedMap<JobEntry> map = new TestingSharedMap<>();
    private JobRegistry registry;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        store = new DurableStore(dir);
        registry = new JobRegistry(map, new TestingSharedMap<>(), Set.of("live-node")::contains, new JobArchives(new AsyncDurableStore(vertx, store)));
    }

    @AfterEach
    void tearDown() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Archives {@code entry} as its JobMaster would. */
    static ArchivedJob archived(JobEntry entry) {
        return new ArchivedJob(entry, Samples.of(JobDetails.class), Samples.of(JobCheckpoints.class),
                Samples.of(JobRescales.class), Samples.of(JobAccumulators.class), List.of());
    }

    private void archive(JobEntry entry) throws Exception {
        store.write(ArchivedJob.documentName(entry.jobId()), archived(entry));
    }

    @Test
    void aRunningJobWhoseJobMasterNodeIsGoneIsSuspended() {
        JobEntry orphan = new JobEntry("job-1", "J", 1, "gone-node", 1000, -1, JobStatus.RUNNING);

        assertThat(registry.derive(orphan).state()).isEqualTo(JobStatus.SUSPENDED);
        assertThat(registry.derive(orphan)).usingRecursiveComparison().ignoringFields("state").isEqualTo(orphan);
    }

    @Test
    void anEndedJobKeepsItsStatusAfterItsJobMasterHasGone() {
        JobEntry finished = new JobEntry("job-1", "J", 1, "gone-node", 1000, 2000, JobStatus.FINISHED);

        assertThat(registry.derive(finished)).isEqualTo(finished);
    }

    @Test
    void aJobWithALiveJobMasterIsAsItsEntrySays() {
        JobEntry running = new JobEntry("job-1", "J", 1, "live-node", 1000, -1, JobStatus.RUNNING);

        assertThat(registry.derive(running)).isEqualTo(running);
    }

    @Test
    void entriesAreOldestFirst() throws Exception {
        map.put("b", new JobEntry("b", "B", 1, "live-node", 2000, -1, JobStatus.RUNNING))
                .put("a", new JobEntry("a", "A", 1, "gone-node", 1000, -1, JobStatus.RUNNING));

        assertThat(await(registry.entries())).extracting(JobEntry::jobId, JobEntry::state)
                .containsExactly(tuple("a", JobStatus.SUSPENDED),
                        tuple("b", JobStatus.RUNNING));
    }

    @Test
    void findAnswersNullForAnUnknownOrInvalidId() throws Exception {
        map.put("a", new JobEntry("a", "A", 1, "live-node", 1000, -1, JobStatus.RUNNING));

        assertThat(await(registry.find("a")).jobId()).isEqualTo("a");
        assertThat(await(registry.find("b"))).isNull();
        assertThat(await(registry.find("not a valid id!"))).isNull();
        assertThat(await(registry.find(".."))).isNull();
    }

    @Test
    void runningJobsComeFromTheRegistryAndEndedOnesFromTheArchive() throws Exception {
        map.put("running", new JobEntry("running", "R", 1, "live-node", 3000, -1, JobStatus.RUNNING));
        archive(new JobEntry("finished", "F", 1, "gone-node", 1000, 2000, JobStatus.FINISHED));
        archive(new JobEntry("cancelled", "C", 2, "gone-node", 2000, 2500, JobStatus.CANCELED));

        assertThat(await(registry.entries())).extracting(JobEntry::jobId, JobEntry::state)
                .containsExactly(tuple("finished", JobStatus.FINISHED), tuple("cancelled", JobStatus.CANCELED),
                        tuple("running", JobStatus.RUNNING));
        assertThat(await(registry.find("finished")).state()).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void aJobInBothIsListedOnceAsTheArchiveSaysUnlessItRunsAgain() {
        JobEntry endedEntry = new JobEntry("a", "A", 1, "live-node", 1000, 2000, JobStatus.FINISHED);
        JobEntry archivedEntry = new JobEntry("a", "A", 1, "live-node", 1000, 2000, JobStatus.FINISHED);
        JobEntry rerun = new JobEntry("b", "B", 4, "live-node", 5000, -1, JobStatus.RUNNING);
        JobEntry olderRun = new JobEntry("b", "B", 3, "gone-node", 3000, 4000, JobStatus.CANCELED);

        assertThat(JobRegistry.merge(List.of(endedEntry, rerun), List.of(archivedEntry, olderRun)))
                .containsExactly(archivedEntry, rerun);
    }

    @Test
    void anArchiveThatCannotBeReadIsLeftOutAndTheRestIsListed() throws Exception {
        archive(new JobEntry("good", "G", 1, "n", 1000, 2000, JobStatus.FINISHED));
        Files.createDirectories(dir.resolve("archive"));
        Files.writeString(dir.resolve("archive/broken.json"), "{ not json");
        map.put("running", new JobEntry("running", "R", 1, "live-node", 3000, -1, JobStatus.RUNNING));

        assertThat(await(registry.entries())).extracting(JobEntry::jobId).containsExactly("good", "running");
        assertThat(await(registry.find("broken"))).isNull();
    }

    @Test
    void aJobThatRanAgainAndEndedIsListedWithItsNewArchive() throws Exception {
        archive(new JobEntry("a", "A", 1, "n", 1000, 2000, JobStatus.CANCELED));
        assertThat(await(registry.entries())).extracting(JobEntry::state).containsExactly(JobStatus.CANCELED);
        map.put("a", new JobEntry("a", "A", 2, "live-node", 3000, -1, JobStatus.RUNNING));
        assertThat(await(registry.entries())).extracting(JobEntry::state).containsExactly(JobStatus.RUNNING);

        map.rows().clear();
        archive(new JobEntry("a", "A", 2, "n", 3000, 4000, JobStatus.FINISHED));

        assertThat(await(registry.entries())).extracting(JobEntry::state, JobEntry::endTime)
                .containsExactly(tuple(JobStatus.FINISHED, 4000L));
    }
}
