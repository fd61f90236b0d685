package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.ha.AsyncDurableStore;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.state.ArchivedJob;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SavepointRecord;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.testing.TestingJobMasterGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.ebbflow.core.security.SecurityRefusals;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ended job whose JobMaster has exited, over HTTP: every read answers from its archive in the durable store
 * with the shapes a running job has, and nothing reads outside the store.
 */
class ArchivedJobRoutesTest {

    private static final String TOKEN = "s3cret";

    private static final long NOW = 5000;
    private static final JobDetails DETAILS = Samples.of(JobDetails.class);
    private static final JobCheckpoints CHECKPOINTS = Samples.of(JobCheckpoints.class);
    private static final JobRescales RESCALES = Samples.of(JobRescales.class);
    private static final JobAccumulators ACCUMULATORS = Samples.of(JobAccumulators.class);
    private static final JobEntry ENDED = new JobEntry("job-1", "My Job", 2, "gone-node", 1000, 4000, JobStatus.FINISHED);
    private static final SavepointRecord SAVEPOINT = new SavepointRecord("job-1", "req-1", "COMPLETED", "/sp/1", null);

    @TempDir
    Path dir;
    private DurableStore store;
    private final TestingJobMasterGateway jobMasters = new TestingJobMasterGateway();
    private final TestingSharedMap<JobEntry> jobEntries = new TestingSharedMap<>();
    private final TestingSharedMap<io.ebbflow.core.state.JobStandby> standbys = new TestingSharedMap<>();
    private Vertx vertx;
    private HttpServer server;
    private HttpClient client;

    private record Response(int status, JsonObject body) {

        String error() {
            return body.getJsonArray("errors").getString(0);
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        store = new DurableStore(dir.resolve("cluster"));
        JobArchives archives = new JobArchives(new AsyncDurableStore(vertx, store));
        JobRegistry jobs = new JobRegistry(jobEntries, standbys, Set.of("live-node", "standby-node")::contains, archives);
        Router router = Router.router(vertx);
        router.route().handler(new MutationGuard(TOKEN, List::of, SecurityRefusals.standalone("web-ui")));
        new JobRoutes(jobMasters, new TestingGateways.ResourceManager(), jobs, archives, () -> NOW).mount(router);
        new RescaleRoutes(jobMasters, archives).mount(router);
        new CheckpointRoutes(jobMasters, new TestingSharedMap<>(), archives).mount(router);
        router.route().last().handler(HttpErrors::pathNotFound);
        router.route().failureHandler(HttpErrors::failed);
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        client = vertx.createHttpClient();
        store.write(ArchivedJob.documentName("job-1"),
                new ArchivedJob(ENDED, DETAILS, CHECKPOINTS, RESCALES, ACCUMULATORS, List.of(SAVEPOINT)));
    }

    @AfterEach
    void stopServer() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** One request, run wholly on a Vert.x context (see RestRoutesTest#call: a body can be lost otherwise). */
    private Response call(HttpMethod method, String path) throws Exception {
        io.vertx.core.Promise<Response> done = io.vertx.core.Promise.promise();
        vertx.runOnContext(v -> client.request(method, server.actualPort(), "127.0.0.1", path)
                .compose(r -> r.putHeader("Authorization", "Bearer " + TOKEN).send())
                .compose(response -> response.body().map(b -> new Response(response.statusCode(),
                        b.length() == 0 ? null : new JsonObject(b))))
                .onComplete(done));
        return await(done.future());
    }

    private Response get(String path) throws Exception {
        return call(HttpMethod.GET, path);
    }

    @Test
    void theJobListsHaveTheEndedJobWithItsFinalStateBesideTheRunningOnes() throws Exception {
        jobEntries.put("job-2", new JobEntry("job-2", "Other", 1, "live-node", 2000, -1, JobStatus.RUNNING));

        assertThat(get("/jobs").body()).isEqualTo(JobJson.jobIds(List.of(ENDED,
                new JobEntry("job-2", "Other", 1, "live-node", 2000, -1, JobStatus.RUNNING))));
        JsonObject ended = get("/jobs/overview").body().getJsonArray("jobs").getJsonObject(0);
        assertThat(ended.getString("jid")).isEqualTo("job-1");
        assertThat(ended.getString("state")).isEqualTo("FINISHED");
        assertThat(ended.getLong("end-time")).isEqualTo(4000);
        assertThat(ended.getLong("duration")).isEqualTo(3000);
    }

    @Test
    void theJobsDetailsAreItsFinalOnesInTheShapeOfARunningJob() throws Exception {
        Response response = get("/jobs/job-1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(JobJson.jobDetails(DETAILS, ENDED, null, NOW));
    }

    @Test
    void exceptionsCheckpointsRescalesAccumulatorsAndVerticesAnswerFromTheArchive() throws Exception {
        assertThat(get("/jobs/job-1/exceptions").body()).isEqualTo(JobJson.exceptions(DETAILS));
        assertThat(get("/jobs/job-1/checkpoints").body()).isEqualTo(CheckpointJson.checkpoints(CHECKPOINTS));
        assertThat(get("/jobs/job-1/rescales/history").body()).isEqualTo(RescaleJson.history(RESCALES));
        assertThat(get("/jobs/job-1/rescales/overview").body()).isEqualTo(RescaleJson.overview(RESCALES));
        assertThat(get("/jobs/job-1/accumulators").body()).isEqualTo(JobJson.accumulators(ACCUMULATORS.values()));
        assertThat(get("/jobs/job-1/vertices/v").body())
                .isEqualTo(JobJson.vertexDetails(DETAILS.vertices().get(0), NOW));
        assertThat(get("/jobs/job-1/resource-requirements").body()).isEqualTo(RescaleJson.resourceRequirements(DETAILS));
    }

    @Test
    void aSavepointsOutcomeIsReadFromTheArchiveOnceTheClusterNoLongerKeepsIt() throws Exception {
        Response response = get("/jobs/job-1/savepoints/req-1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().getJsonObject("operation").getString("location")).isEqualTo("/sp/1");
        assertThat(get("/jobs/job-1/savepoints/req-9").status()).isEqualTo(404);
    }

    @Test
    void aRunningJobsJobMasterStillAnswersOverAnOlderArchiveOfTheSameId() throws Exception {
        JobDetails rerun = new JobDetails("job-1", "My Job", JobStatus.RUNNING, "Executing", 6000, -1, 3, List.of(),
                List.of(), 1, 1, 1, List.of(), List.of());
        jobMasters.jobDetails = id -> Future.succeededFuture(rerun);

        assertThat(get("/jobs/job-1").body().getString("state")).isEqualTo("RUNNING");
        assertThat(get("/jobs/job-1/status").body().encode()).isEqualTo("{\"status\":\"RUNNING\"}");
    }

    @Test
    void anEndedJobsStatusIsTheStateItsArchiveKeptInFlinksShape() throws Exception {
        Response response = get("/jobs/job-1/status");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().encode()).isEqualTo("{\"status\":\"" + DETAILS.state().name() + "\"}");
    }

    @Test
    void anEndedJobWithoutCheckpointsSaysSo() throws Exception {
        JobEntry slotsOnly = new JobEntry("slots-only", "S", 1, "gone-node", 1000, 2000, JobStatus.CANCELED);
        store.write(ArchivedJob.documentName("slots-only"),
                new ArchivedJob(slotsOnly, DETAILS, null, RESCALES, ACCUMULATORS, List.of()));

        Response response = get("/jobs/slots-only/checkpoints");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).isEqualTo("job slots-only ended with no checkpoints");
    }

    @Test
    void cancellingAnEndedJobIs409NamingItsFinalState() throws Exception {
        Response response = call(HttpMethod.PATCH, "/jobs/job-1?mode=cancel");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.error()).contains("job-1", "FINISHED");
    }

    @Test
    void anUnknownJobIs404InFlinksShape() throws Exception {
        for (String path : List.of("/jobs/nope", "/jobs/nope/checkpoints", "/jobs/nope/exceptions",
                "/jobs/nope/rescales/history", "/jobs/nope/accumulators", "/jobs/nope/status")) {
            Response response = get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body().getJsonArray("errors")).as(path).hasSize(1);
        }
    }

    @Test
    void aHostileIdReadsNothingOutsideTheStore() throws Exception {
        // An archive-shaped file beside the archive directory and one beside the store itself.
        store.write("x.json", new ArchivedJob(ENDED, DETAILS, CHECKPOINTS, RESCALES, ACCUMULATORS, List.of()));
        Files.copy(store.root().resolve("x.json"), dir.resolve("y.json"));

        for (String id : List.of("..", "%2E%2E", "..%2Fx", "%2E%2E%2Fx", "..%2F..%2Fy", "x%2F..%2F..%2Fy")) {
            for (String resource : List.of("", "/checkpoints", "/exceptions", "/rescales/history")) {
                Response response = get("/jobs/" + id + resource);
                assertThat(response.status()).as(id + resource).isIn(400, 404);
                assertThat(response.body().containsKey("errors")).as(id + resource).isTrue();
            }
        }
    }
}
