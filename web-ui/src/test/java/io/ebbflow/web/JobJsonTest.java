package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.JobMasterMessages.EdgeView;
import io.ebbflow.core.protocol.JobMasterMessages.ExceptionView;
import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.SubtaskView;
import io.ebbflow.core.protocol.JobMasterMessages.VertexMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.VertexView;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobResourceView;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.testing.ProtocolSamples;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobJsonTest {

    private static final long NOW = 5000;
    private static final JobDetails SAMPLE = Samples.of(JobDetails.class);

    /** Source {@code src} (two subtasks, one running) feeding {@code map} (not deployed yet). */
    private static JobDetails twoVertexJob() {
        VertexView source = new VertexView("src", "Source", "default", 1, 2, 128, 2, ExecutionState.RUNNING,
                new VertexMetrics(0, 40, 0, 400, 0, 10.5, 300, 0, 700, 12, 1500, 1700, 3,
                        new io.ebbflow.core.protocol.JobMasterMessages.TimeTotals(5000, 600, 7000)),
                List.of(new SubtaskView(0, "exec-0", "te-1", ExecutionState.RUNNING, 1500, ProtocolSamples.TASK_METRICS),
                        new SubtaskView(1, "exec-1", "te-2", ExecutionState.DEPLOYING, 0, null)));
        VertexView map = new VertexView("map", "Map", "default", 1, 4, 256, 0, ExecutionState.CREATED,
                VertexMetrics.NONE, List.of());
        return new JobDetails("job-1", "My Job", JobStatus.RUNNING, "Executing", 1000, -1, 3, List.of(source, map),
                List.of(new EdgeView("src", "map", "HASH")), 1, 4, 3, List.of(), List.of());
    }

    @Test
    void jobIdsListsIdAndStatus() {
        JsonObject jobs = JobJson.jobIds(List.of(new JobEntry("a", "A", 1, "n", 1000, -1, JobStatus.SUSPENDED)));

        assertThat(jobs).isEqualTo(new JsonObject().put("jobs", new JsonArray()
                .add(new JsonObject().put("id", "a").put("status", "SUSPENDED"))));
    }

    @Test
    void jobsOverviewHasFlinksFieldsWithDurationUpToNowWhileRunning() {
        JsonObject overview = JobJson.jobsOverview(List.of(
                new JobEntry("running", "R", 1, "n", 1000, -1, JobStatus.RUNNING),
                new JobEntry("ended", "E", 1, "n", 1000, 3000, JobStatus.FINISHED)), NOW);

        JsonObject running = overview.getJsonArray("jobs").getJsonObject(0);
        assertThat(running.getString("jid")).isEqualTo("running");
        assertThat(running.getString("name")).isEqualTo("R");
        assertThat(running.getString("state")).isEqualTo("RUNNING");
        assertThat(running.getLong("start-time")).isEqualTo(1000);
        assertThat(running.getLong("end-time")).isEqualTo(-1);
        assertThat(running.getLong("duration")).isEqualTo(4000);
        assertThat(running.getLong("last-modification")).isEqualTo(1000);
        assertThat(running.getJsonObject("tasks").fieldNames()).containsExactly("total", "created", "scheduled",
                "deploying", "running", "finished", "canceling", "canceled", "failed", "reconciling", "initializing");
        JsonObject ended = overview.getJsonArray("jobs").getJsonObject(1);
        assertThat(ended.getLong("duration")).isEqualTo(2000);
        assertThat(ended.getLong("last-modification")).isEqualTo(3000);
    }

    @Test
    void jobDetailsHasFlinksTopLevelFields() {
        JobEntry entry = new JobEntry("job-1", "My Job", 3, "n", 1000, -1, JobStatus.RUNNING);

        JsonObject job = JobJson.jobDetails(twoVertexJob(), entry, null, NOW);

        assertThat(job.getString("jid")).isEqualTo("job-1");
        assertThat(job.getString("name")).isEqualTo("My Job");
        assertThat(job.getBoolean("isStoppable")).isFalse();
        assertThat(job.getString("state")).isEqualTo("RUNNING");
        assertThat(job.getString("job-type")).isEqualTo("STREAMING");
        assertThat(job.getLong("start-time")).isEqualTo(1000);
        assertThat(job.getLong("end-time")).isEqualTo(-1);
        assertThat(job.getLong("duration")).isEqualTo(4000);
        assertThat(job.getInteger("maxParallelism")).isEqualTo(256);
        assertThat(job.getLong("now")).isEqualTo(NOW);
        // RUNNING: the latest start of a subtask of the current execution (a rescale moves it), not the job's start.
        assertThat(job.getJsonObject("timestamps")).isEqualTo(new JsonObject().put("RUNNING", 1500L));
        assertThat(job.getJsonObject("status-counts")).isEqualTo(new JsonObject().put("CREATED", 1).put("RUNNING", 1));
        assertThat(job.getString("schedulerState")).isEqualTo("Executing");
        assertThat(job.getLong("jobMasterEpoch")).isEqualTo(3);
    }

    @Test
    void jobDetailsSumTheSourcesBacklogAndSkippedRecordsAndShowTheLargestLags() {
        JsonObject job = JobJson.jobDetails(twoVertexJob(), null, null, NOW);

        assertThat(job.getJsonObject("sourceMetrics")).isEqualTo(new JsonObject().put("pendingRecords", 12L)
                .put("numRecordsInErrors", 3L).put("currentFetchEventTimeLag", 1500L).put("currentEmitEventTimeLag", 1700L));
        JsonObject source = job.getJsonArray("vertices").getJsonObject(0).getJsonObject("metrics");
        assertThat(source.getLong("currentFetchEventTimeLag")).isEqualTo(1500);
        assertThat(source.getLong("currentEmitEventTimeLag")).isEqualTo(1700);
        assertThat(source.getLong("numRecordsInErrors")).isEqualTo(3);
        JsonObject map = job.getJsonArray("vertices").getJsonObject(1).getJsonObject("metrics");
        assertThat(map.getValue("numRecordsInErrors")).as("not a source").isNull();
    }

    @Test
    void jobDetailsVerticesHaveFlinksFieldsTaskCountsAndMetrics() {
        JsonArray vertices = JobJson.jobDetails(twoVertexJob(), null, null, NOW).getJsonArray("vertices");

        JsonObject source = vertices.getJsonObject(0);
        assertThat(source.fieldNames()).containsExactly("id", "name", "maxParallelism", "parallelism", "status",
                "start-time", "end-time", "duration", "slotSharingGroupId", "tasks", "metrics", "resources");
        assertThat(source.getString("id")).isEqualTo("src");
        assertThat(source.getString("name")).isEqualTo("Source");
        assertThat(source.getInteger("parallelism")).isEqualTo(2);
        assertThat(source.getInteger("maxParallelism")).isEqualTo(128);
        assertThat(source.getString("status")).isEqualTo("RUNNING");
        assertThat(source.getLong("start-time")).isEqualTo(1500);
        assertThat(source.getLong("end-time")).isEqualTo(-1);
        assertThat(source.getLong("duration")).isEqualTo(3500);
        // Flink's JobVertexDetailsInfo: tasks by execution state (upper case, every state; no total), and the slot
        // sharing group's id in 32 hex digits (its REST client fails on a vertex without one).
        JsonObject tasks = source.getJsonObject("tasks");
        assertThat(tasks.fieldNames()).containsExactlyInAnyOrder("CREATED", "SCHEDULED", "DEPLOYING", "RUNNING",
                "FINISHED", "CANCELING", "CANCELED", "FAILED", "RECONCILING", "INITIALIZING");
        assertThat(tasks.getInteger("RUNNING")).isEqualTo(1);
        assertThat(tasks.getInteger("DEPLOYING")).isEqualTo(1);
        assertThat(tasks.getInteger("FINISHED")).isZero();
        assertThat(source.getString("slotSharingGroupId")).matches("[0-9a-f]{32}")
                .isEqualTo(JobJson.slotSharingGroupId("default"))
                .isNotEqualTo(JobJson.slotSharingGroupId("other"));
        JsonObject metrics = source.getJsonObject("metrics");
        assertThat(metrics.getLong("read-records")).isZero();
        assertThat(metrics.getBoolean("read-records-complete")).isTrue();
        assertThat(metrics.getLong("write-records")).isEqualTo(40);
        assertThat(metrics.getBoolean("write-records-complete")).isTrue();
        assertThat(metrics.getLong("read-bytes")).isZero();
        assertThat(metrics.getLong("write-bytes")).isEqualTo(400);
        assertThat(metrics.getDouble("numRecordsOutPerSecond")).isEqualTo(10.5);
        assertThat(metrics.getDouble("busyTimeMsPerSecond")).isEqualTo(300);
        assertThat(metrics.getDouble("idleTimeMsPerSecond")).isEqualTo(700);
        assertThat(metrics.getLong("pendingRecords")).isEqualTo(12);
        // Flink's IOMetricsInfo has these as primitives: its REST client fails on a response without them.
        assertThat(metrics.getDouble("accumulated-busy-time")).isEqualTo(5000.0);
        assertThat(metrics.getLong("accumulated-backpressured-time")).isEqualTo(600);
        assertThat(metrics.getLong("accumulated-idle-time")).isEqualTo(7000);
        assertThat(source.getJsonObject("resources")).isEqualTo(new JsonObject().put("minParallelism", 1)
                .put("targetParallelism", 2).put("maxParallelism", 128).put("slotSharingGroup", "default"));

        JsonObject map = vertices.getJsonObject(1);
        assertThat(map.getLong("start-time")).isEqualTo(-1);
        assertThat(map.getLong("duration")).isEqualTo(-1);
        assertThat(map.getJsonObject("tasks").getMap().values()).as("no subtask yet").containsOnly(0);
        assertThat(map.getJsonObject("metrics").containsKey("pendingRecords")).isTrue();
        assertThat(map.getJsonObject("metrics").getValue("pendingRecords")).isNull();
    }

    @Test
    void jobDetailsPlanHasOneNodePerVertexWithItsInputs() {
        JsonObject plan = JobJson.jobDetails(twoVertexJob(), null, null, NOW).getJsonObject("plan");

        assertThat(plan.getString("jid")).isEqualTo("job-1");
        assertThat(plan.getString("name")).isEqualTo("My Job");
        assertThat(plan.getString("type")).isEqualTo("STREAMING");
        JsonObject map = plan.getJsonArray("nodes").getJsonObject(1);
        assertThat(map.getString("id")).isEqualTo("map");
        assertThat(map.getString("description")).isEqualTo("Map");
        assertThat(map.getJsonArray("inputs")).isEqualTo(new JsonArray().add(new JsonObject().put("num", 0)
                .put("id", "src").put("ship_strategy", "HASH").put("exchange", "pipelined_bounded")));
        assertThat(plan.getJsonArray("nodes").getJsonObject(0).getJsonArray("inputs")).isEmpty();
    }

    @Test
    void jobDetailsEndTimeComesFromTheRegistryAndSlotsFromJobMasterAndResourceManager() {
        JobEntry ended = new JobEntry("job-1", "My Job", 2, "n", 1000, 4000, JobStatus.FINISHED);
        JobResourceView share = Samples.of(ClusterOverview.class).jobs().get(0);

        JsonObject job = JobJson.jobDetails(SAMPLE, ended, share, NOW);

        assertThat(job.getLong("end-time")).isEqualTo(4000);
        assertThat(job.getLong("duration")).isEqualTo(3000);
        assertThat(job.getJsonObject("slots")).isEqualTo(new JsonObject().put("min", 1).put("desired", 4).put("quota", 3)
                .put("held", 1).put("allocations", new JsonArray().add(new JsonObject().put("allocationId", "alloc-1")
                        .put("taskManagerId", "te-1").put("slotIndex", 1).put("state", "FREE").put("since", 1000L)))
                .put("submissionOrder", 1L).put("acquiredAtResourceManager", 2));
        assertThat(JobJson.jobDetails(SAMPLE, null, null, NOW).getJsonObject("slots").containsKey("submissionOrder"))
                .isFalse();
    }

    @Test
    void jobFromEntrySaysTheJobMasterIsNotReachable() {
        JsonObject job = JobJson.jobFromEntry(new JobEntry("job-1", "My Job", 2, "n", 1000, 3000, JobStatus.CANCELED), NOW);

        assertThat(job.getString("jid")).isEqualTo("job-1");
        assertThat(job.getString("name")).isEqualTo("My Job");
        assertThat(job.getString("state")).isEqualTo("CANCELED");
        assertThat(job.getLong("start-time")).isEqualTo(1000);
        assertThat(job.getLong("end-time")).isEqualTo(3000);
        assertThat(job.getLong("duration")).isEqualTo(2000);
        assertThat(job.getLong("now")).isEqualTo(NOW);
        assertThat(job.getJsonArray("vertices")).isEmpty();
        assertThat(job.getLong("jobMasterEpoch")).isEqualTo(2);
        assertThat(job.getBoolean("jobMasterReachable")).isFalse();
    }

    @Test
    void vertexDetailsHasOneRowPerSubtaskWithItsOwnMetrics() {
        VertexView source = twoVertexJob().vertices().get(0);

        JsonObject vertex = JobJson.vertexDetails(source, NOW);

        assertThat(vertex.getString("id")).isEqualTo("src");
        assertThat(vertex.getString("name")).isEqualTo("Source");
        assertThat(vertex.getInteger("parallelism")).isEqualTo(2);
        assertThat(vertex.getInteger("maxParallelism")).isEqualTo(128);
        assertThat(vertex.getLong("now")).isEqualTo(NOW);
        JsonObject first = vertex.getJsonArray("subtasks").getJsonObject(0);
        assertThat(first.getInteger("subtask")).isZero();
        assertThat(first.getString("status")).isEqualTo("RUNNING");
        assertThat(first.getInteger("attempt")).isZero();
        assertThat(first.getString("endpoint")).isEqualTo("te-1");
        assertThat(first.getString("taskmanager-id")).isEqualTo("te-1");
        assertThat(first.getLong("start-time")).isEqualTo(1500);
        assertThat(first.getLong("end-time")).isEqualTo(-1);
        assertThat(first.getLong("duration")).isEqualTo(3500);
        assertThat(first.getJsonObject("metrics").getLong("read-records")).isEqualTo(10);
        assertThat(first.getJsonObject("metrics").getLong("write-records")).isEqualTo(20);
        assertThat(first.getJsonObject("metrics").getLong("read-bytes")).isEqualTo(100);
        assertThat(first.getJsonObject("metrics").getLong("write-bytes")).isEqualTo(200);
        assertThat(first.getJsonObject("metrics").getLong("pendingRecords")).isEqualTo(42);
        JsonObject second = vertex.getJsonArray("subtasks").getJsonObject(1);
        assertThat(second.getLong("duration")).isEqualTo(-1);
        assertThat(second.getJsonObject("metrics").getLong("read-records")).isZero();
    }

    @Test
    void exceptionsAreFlinksHistoryNewestFirstWithTheNewestAsRoot() {
        JobDetails failed = new JobDetails("job-1", "My Job", JobStatus.RESTARTING, "Restarting", 1000, -1, 1, List.of(),
                List.of(), 1, 1, 1, List.of(), List.of(
                        new ExceptionView(3000, "Map (1/2)", "te-1", "java.lang.IllegalStateException: late\n\tat X"),
                        new ExceptionView(2000, "Map (2/2)", "te-2", "java.lang.Exception: early")));

        JsonObject exceptions = JobJson.exceptions(failed);

        assertThat(exceptions.getString("root-exception")).isEqualTo("java.lang.IllegalStateException: late\n\tat X");
        assertThat(exceptions.getLong("timestamp")).isEqualTo(3000);
        assertThat(exceptions.getJsonArray("all-exceptions")).isEmpty();
        assertThat(exceptions.getBoolean("truncated")).isFalse();
        JsonObject history = exceptions.getJsonObject("exceptionHistory");
        assertThat(history.getBoolean("truncated")).isFalse();
        JsonObject newest = history.getJsonArray("entries").getJsonObject(0);
        assertThat(newest.getString("exceptionName")).isEqualTo("java.lang.IllegalStateException: late");
        assertThat(newest.getString("stacktrace")).isEqualTo("java.lang.IllegalStateException: late\n\tat X");
        assertThat(newest.getLong("timestamp")).isEqualTo(3000);
        assertThat(newest.getString("taskName")).isEqualTo("Map (1/2)");
        assertThat(newest.getString("endpoint")).isEqualTo("te-1");
        assertThat(newest.getString("taskManagerId")).isEqualTo("te-1");
        assertThat(history.getJsonArray("entries").getJsonObject(1).getLong("timestamp")).isEqualTo(2000);
    }

    @Test
    void exceptionsOfAJobThatNeverFailedHaveNoRoot() {
        JobDetails healthy = new JobDetails("job-1", "My Job", JobStatus.RUNNING, "Executing", 1000, -1, 1, List.of(),
                List.of(), 1, 1, 1, List.of(), List.of());

        JsonObject exceptions = JobJson.exceptions(healthy);

        assertThat(exceptions.containsKey("root-exception")).isTrue();
        assertThat(exceptions.getValue("root-exception")).isNull();
        assertThat(exceptions.getValue("timestamp")).isNull();
        assertThat(exceptions.getJsonObject("exceptionHistory").getJsonArray("entries")).isEmpty();
    }

    @Test
    void accumulatorsAreLongCountersWithStringValuesAsInFlink() {
        JsonObject accumulators = JobJson.accumulators(Samples.of(JobAccumulators.class).values());

        assertThat(accumulators.getJsonArray("job-accumulators")).isEmpty();
        assertThat(accumulators.getJsonArray("user-task-accumulators")).containsExactly(new JsonObject()
                .put("name", "violations").put("type", "LongCounter").put("value", "0"));
        assertThat(accumulators.getJsonObject("serialized-user-task-accumulators")).isEqualTo(new JsonObject());
        assertThat(JobJson.accumulators(Map.of()).getJsonArray("user-task-accumulators")).isEmpty();
    }
}
