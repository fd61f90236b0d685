package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.state.JobEntry;
import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobRegistryTest {

    private final TestingSharedMap<JobEntry> map = new TestingSharedMap<>();
    private final JobRegistry registry = new JobRegistry(map, Set.of("live-node")::contains);

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
    }
}
