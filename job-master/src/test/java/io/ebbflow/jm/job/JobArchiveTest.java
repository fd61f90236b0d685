package io.ebbflow.jm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.state.ArchivedJob;
import io.ebbflow.core.state.CheckpointPointer;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SavepointRecord;
import io.ebbflow.core.testing.ProtocolSamples;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobArchiveTest {

    private static final JobDetails DETAILS = sample(JobDetails.class);
    private static final JobCheckpoints CHECKPOINTS = sample(JobCheckpoints.class);
    private static final JobRescales RESCALES = sample(JobRescales.class);
    private static final JobAccumulators ACCUMULATORS = sample(JobAccumulators.class);
    private static final long EPOCH = 3;

    @TempDir
    Path dir;
    private Vertx vertx;
    private DurableStore store;
    private final InMemorySharedMap<JobEntry> jobs = new InMemorySharedMap<>("ebbflow.jobs");
    private final InMemorySharedMap<CheckpointPointer> pointers = new InMemorySharedMap<>("ebbflow.checkpoints");
    private final InMemorySharedMap<SavepointRecord> savepoints = new InMemorySharedMap<>("ebbflow.savepoints");

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        store = new DurableStore(dir.resolve("cluster"));
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T sample(Class<T> type) {
        return ProtocolSamples.all().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private static JobEntry ended(String jobId, JobStatus status, long endTime) {
        return new JobEntry(jobId, "My Job", EPOCH, "node-1", 1000, endTime, status);
    }

    private JobArchive archive(int capacity) {
        return new JobArchive(vertx, store, new JobArchive.Maps(jobs, pointers, savepoints), capacity, Duration.ofSeconds(5));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theDocumentHoldsTheFinalRepliesAndOnlyThisJobsSavepoints() {
        SavepointRecord own = new SavepointRecord("job-1", "req-1", "COMPLETED", "/sp/1", null);
        SavepointRecord other = new SavepointRecord("job-2", "req-2", "COMPLETED", "/sp/2", null);

        ArchivedJob doc = JobArchive.document(ended("job-1", JobStatus.FINISHED, 5000), DETAILS, CHECKPOINTS, RESCALES,
                ACCUMULATORS, List.of(own, other));

        assertThat(doc.jobId()).isEqualTo("job-1");
        assertThat(doc.entry().state()).isEqualTo(JobStatus.FINISHED);
        assertThat(doc.entry().endTime()).isEqualTo(5000);
        assertThat(doc.details()).isEqualTo(DETAILS);
        assertThat(doc.details().exceptions()).isNotEmpty();
        assertThat(doc.checkpoints()).isEqualTo(CHECKPOINTS);
        assertThat(doc.rescales()).isEqualTo(RESCALES);
        assertThat(doc.accumulators().values()).containsEntry("violations", 0L);
        assertThat(doc.savepoints()).containsExactly(own);
    }

    @Test
    void aJobThatHasNotEndedIsNotArchived() {
        assertThatThrownBy(() -> JobArchive.document(ended("job-1", JobStatus.RUNNING, -1), DETAILS, null, RESCALES,
                ACCUMULATORS, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job-1 is RUNNING");
    }

    @Test
    void beyondCapacityTheOldestGoFirstButNeverTheOneJustWritten() {
        Map<String, Long> ages = new LinkedHashMap<>();
        ages.put("c.json", 300L);
        ages.put("a.json", 100L);
        ages.put("new.json", 50L); // a clock step back must not delete what was just written
        ages.put("b.json", 200L);

        assertThat(JobArchive.beyondCapacity(ages, 2, "new.json")).containsExactly("a.json", "b.json");
        assertThat(JobArchive.beyondCapacity(ages, 4, "new.json")).isEmpty();
        assertThat(JobArchive.beyondCapacity(ages, 1, "new.json")).containsExactly("a.json", "b.json", "c.json");
    }

    @Test
    void anEndedJobIsArchivedAndLeavesTheSharedMaps() throws Exception {
        JobEntry entry = ended("job-1", JobStatus.CANCELED, 5000);
        jobs.put("job-1", EPOCH, entry).put("job-2", 1, ended("job-2", JobStatus.FINISHED, 4000));
        pointers.put("job-1", EPOCH, new CheckpointPointer("job-1", 7, "/chk/7", 900));
        pointers.put("job-2", 1, new CheckpointPointer("job-2", 1, "/chk/1", 900));
        savepoints.put("req-1", EPOCH, new SavepointRecord("job-1", "req-1", "COMPLETED", "/sp/1", null));
        savepoints.put("req-2", EPOCH, new SavepointRecord("job-1", "req-2", "IN_PROGRESS", null, null));
        savepoints.put("req-3", 1, new SavepointRecord("job-2", "req-3", "COMPLETED", "/sp/3", null));
        AtomicBoolean flushed = new AtomicBoolean();

        await(archive(10).archive(entry, DETAILS, CHECKPOINTS, RESCALES, ACCUMULATORS, () -> {
            flushed.set(true);
            return Future.succeededFuture();
        }));

        ArchivedJob read = store.read("archive/job-1.json", ArchivedJob.class).orElseThrow();
        assertThat(read).isEqualTo(new ArchivedJob(entry, DETAILS, CHECKPOINTS, RESCALES, ACCUMULATORS,
                List.of(new SavepointRecord("job-1", "req-1", "COMPLETED", "/sp/1", null))));
        assertThat(flushed).isTrue();
        assertThat(jobs.rows()).containsOnlyKeys("job-2");
        assertThat(pointers.rows()).containsOnlyKeys("job-2");
        assertThat(savepoints.rows()).containsOnlyKeys("req-2", "req-3");
    }

    @Test
    void aJobWithoutCheckpointsIsArchivedWithoutThem() throws Exception {
        JobEntry entry = ended("slots-only", JobStatus.FINISHED, 5000);

        await(archive(10).archive(entry, DETAILS, null, RESCALES, new JobAccumulators(Map.of()), Future::succeededFuture));

        ArchivedJob read = store.read("archive/slots-only.json", ArchivedJob.class).orElseThrow();
        assertThat(read.checkpoints()).isNull();
        assertThat(read.entry()).isEqualTo(entry);
    }

    @Test
    void theOldestArchivesBeyondTheCapacityAreDeleted() throws Exception {
        store.write("archive/old.json", JobArchive.document(ended("old", JobStatus.FINISHED, 1), DETAILS, null, RESCALES,
                ACCUMULATORS, List.of()));
        store.write("archive/older.json", JobArchive.document(ended("older", JobStatus.FAILED, 1), DETAILS, null, RESCALES,
                ACCUMULATORS, List.of()));
        Path archives = store.root().resolve("archive");
        Files.setLastModifiedTime(archives.resolve("old.json"), FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(archives.resolve("older.json"), FileTime.fromMillis(1_000_000));

        await(archive(2).archive(ended("job-1", JobStatus.FINISHED, 5000), DETAILS, CHECKPOINTS, RESCALES, ACCUMULATORS,
                Future::succeededFuture));

        assertThat(store.list("archive")).containsExactly("job-1.json", "old.json");
    }

    @Test
    void aWriteThatFailsKeepsTheMapEntriesAndStillCompletes() throws Exception {
        Files.writeString(dir.resolve("cluster"), "a file where the store's directory should be");
        JobEntry entry = ended("job-1", JobStatus.FAILED, 5000);
        jobs.put("job-1", EPOCH, entry);
        pointers.put("job-1", EPOCH, new CheckpointPointer("job-1", 7, "/chk/7", 900));

        await(archive(10).archive(entry, DETAILS, CHECKPOINTS, RESCALES, ACCUMULATORS, Future::succeededFuture));

        assertThat(jobs.rows()).containsOnlyKeys("job-1");
        assertThat(pointers.rows()).containsOnlyKeys("job-1");
    }

    @Test
    void entriesOfANewerJobMasterOfTheSameJobAreLeftInPlace() throws Exception {
        JobEntry entry = ended("job-1", JobStatus.CANCELED, 5000);
        jobs.put("job-1", EPOCH + 1, new JobEntry("job-1", "My Job", EPOCH + 1, "node-2", 6000, -1, JobStatus.RUNNING));
        pointers.put("job-1", EPOCH + 1, new CheckpointPointer("job-1", 8, "/chk/8", 6100));

        await(archive(10).archive(entry, DETAILS, CHECKPOINTS, RESCALES, ACCUMULATORS, Future::succeededFuture));

        assertThat(jobs.rows()).containsOnlyKeys("job-1");
        assertThat(pointers.rows()).containsOnlyKeys("job-1");
        assertThat(store.read("archive/job-1.json", ArchivedJob.class)).isPresent();
    }
}
