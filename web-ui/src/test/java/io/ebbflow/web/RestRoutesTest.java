package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.ha.AsyncDurableStore;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.JobMasterMessages.Bounds;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.UpdateRequirements;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.SavepointMessages.SavepointTriggered;
import io.ebbflow.core.protocol.SavepointMessages.TriggerSavepoint;
import io.ebbflow.core.security.SecurityRefusals;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SavepointRecord;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.testing.TestingJobMasterGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST routes over HTTP, mounted as the verticle mounts them, with testing gateways and shared maps:
 * the status codes and error bodies Flink tooling and the end-to-end tests rely on.
 */
class RestRoutesTest {

    private static final String TOKEN = "s3cret";
    private static final String DASHBOARD = "http://127.0.0.1:8081";
    private final SecurityRefusals refusals = SecurityRefusals.standalone("web-ui");

    private final TestingJobMasterGateway jobMasters = new TestingJobMasterGateway();
    private final TestingGateways.ResourceManager resourceManager = new TestingGateways.ResourceManager();
    private final TestingGateways.TaskExecutors taskExecutors = new TestingGateways.TaskExecutors();
    private final TestingSharedMap<JobEntry> jobEntries = new TestingSharedMap<>();
    private final TestingSharedMap<io.ebbflow.core.state.JobStandby> standbys = new TestingSharedMap<>();
    private final TestingSharedMap<SlotLedgerEntry> ledger = new TestingSharedMap<>();
    private final TestingSharedMap<SavepointRecord> savepoints = new TestingSharedMap<>();
    @TempDir
    Path dir;
    private Vertx vertx;
    private HttpServer server;
    private HttpClient client;

    /** {@code body} for a JSON object answer, {@code array} for a JSON array answer. */
    private record Response(int status, String authenticate, JsonObject body, io.vertx.core.json.JsonArray array) {

        String error() {
            return body.getJsonArray("errors").getString(0);
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        JobArchives archives = new JobArchives(new AsyncDurableStore(vertx, new DurableStore(dir)));
        JobRegistry jobs = new JobRegistry(jobEntries, standbys, Set.of("live-node", "standby-node")::contains, archives);
        Router router = Router.router(vertx);
        router.route().handler(new MutationGuard(TOKEN, () -> List.of(DASHBOARD), refusals));
        ApiVersion.mount(router);
        new ClusterRoutes(resourceManager, taskExecutors, jobs, ledger, () -> 5000).mount(router);
        new JobRoutes(jobMasters, resourceManager, jobs, archives, () -> 5000).mount(router);
        new RescaleRoutes(jobMasters, archives).mount(router);
        new CheckpointRoutes(jobMasters, savepoints, archives).mount(router);
        router.route().last().handler(HttpErrors::pathNotFound);
        router.route().failureHandler(HttpErrors::failed);
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stopServer() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * One request, run wholly on a Vert.x context: started from the test thread, the chain's callbacks could
     * run there, and a response that arrived before {@code body()} was called lost its body; the call then
     * hung until the timeout (about 1 in 100 on a kept-alive connection).
     */
    private Response call(HttpMethod method, String path, String body, boolean withToken) throws Exception {
        Promise<Response> done = Promise.promise();
        vertx.runOnContext(v -> client.request(method, server.actualPort(), "127.0.0.1", path).compose(request -> {
            if (withToken) {
                request.putHeader("Authorization", "Bearer " + TOKEN);
            }
            if (body != null) {
                request.putHeader("Content-Type", "application/json");
            }
            return body == null ? request.send() : request.send(Buffer.buffer(body));
        }).compose(response -> response.body().map(b -> {
            boolean array = b.length() > 0 && b.getByte(0) == '[';
            return new Response(response.statusCode(), response.getHeader("WWW-Authenticate"),
                    b.length() == 0 || array ? null : new JsonObject(b), array ? new io.vertx.core.json.JsonArray(b) : null);
        }))
                .onComplete(done));
        return await(done.future());
    }

    private Response get(String path) throws Exception {
        return call(HttpMethod.GET, path, null, false);
    }

    @Test
    void anUnknownPathIs404InFlinksShape() throws Exception {
        Response response = get("/nothing/here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(new JsonObject().put("errors", new JsonArray().add("Not found: /nothing/here")));
    }

    @Test
    void aCallThatChangesSomethingWithoutTheTokenIs401AndReachesNoJobMaster() throws Exception {
        Response response = call(HttpMethod.PATCH, "/jobs/job-1?mode=cancel", null, false);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.authenticate()).isEqualTo("Bearer");
        assertThat(response.error()).contains("Authorization: Bearer");
        assertThat(jobMasters.changes).isEmpty();
    }

    @Test
    void cancellingWithTheTokenIs202WithAnEmptyBody() throws Exception {
        jobMasters.cancelJob = id -> Future.succeededFuture(Ack.INSTANCE);

        Response response = call(HttpMethod.PATCH, "/jobs/job-1?mode=cancel", null, true);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).isEqualTo(new JsonObject());
        assertThat(jobMasters.changes).containsExactly("cancel job-1");
    }

    @Test
    void cancellingInAnotherModeIs400() throws Exception {
        Response response = call(HttpMethod.PATCH, "/jobs/job-1?mode=stop", null, true);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("mode must be 'cancel', got 'stop'");
    }

    @Test
    void overviewWithoutAResourceManagerIs503() throws Exception {
        Response response = get("/overview");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.error()).isEqualTo("ResourceManager is not running");
    }

    @Test
    void overviewCountsTheRegistrysJobs() throws Exception {
        resourceManager.overview = Future.succeededFuture(Samples.of(ClusterOverview.class));
        jobEntries.put("job-1", new JobEntry("job-1", "J", 1, "live-node", 1000, -1, JobStatus.RUNNING));

        Response response = get("/overview");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().getInteger("jobs-running")).isEqualTo(1);
        assertThat(response.body().getInteger("slots-total")).isEqualTo(2);
    }

    @Test
    void flinksVersionPrefixReachesTheSameRouteWithItsQuery() throws Exception {
        resourceManager.overview = Future.succeededFuture(Samples.of(ClusterOverview.class));

        Response plain = get("/jobmanager/metrics?get=taskSlotsTotal");
        Response versioned = get("/v1/jobmanager/metrics?get=taskSlotsTotal");

        assertThat(versioned.status()).isEqualTo(200);
        assertThat(versioned.array()).isEqualTo(plain.array()).hasSize(1);
        assertThat(get("/v1/overview").body().getInteger("slots-total")).isEqualTo(2);
        assertThat(call(HttpMethod.PATCH, "/v1/jobs/job-1?mode=cancel", null, false).status())
                .as("a change still needs the token").isEqualTo(401);
    }

    @Test
    void anUnknownTaskManagerIs404() throws Exception {
        resourceManager.overview = Future.succeededFuture(Samples.of(ClusterOverview.class));

        assertThat(get("/taskmanagers/te-1").status()).isEqualTo(200);
        assertThat(get("/taskmanagers/te-9").error()).isEqualTo("TaskManager te-9 not found");
    }

    @Test
    void aTaskManagerThatDoesNotAnswerCannotLeave() throws Exception {
        Response response = call(HttpMethod.POST, "/taskmanagers/te-9/leave", null, true);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).isEqualTo("TaskManager te-9 not found or not reachable");
    }

    @Test
    void theSlotLedgerThatCannotBeReadIs503() throws Exception {
        ledger.failing(new IllegalStateException("cluster gone"));

        Response response = get("/slots");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.error()).isEqualTo("java.lang.IllegalStateException: cluster gone");
    }

    @Test
    void aJobWhoseJobMasterIsGoneIsAnsweredFromTheRegistry() throws Exception {
        jobEntries.put("job-1", new JobEntry("job-1", "J", 2, "gone-node", 1000, 3000, JobStatus.FINISHED));

        Response known = get("/jobs/job-1");
        Response unknown = get("/jobs/job-2");

        assertThat(known.status()).isEqualTo(200);
        assertThat(known.body().getString("state")).isEqualTo("FINISHED");
        assertThat(known.body().getBoolean("jobMasterReachable")).isFalse();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("Job job-2 not found");
    }

    @Test
    void aJobShowsItsLeadingJobMasterAndTheLiveStandbys() throws Exception {
        jobEntries.put("job-1", new JobEntry("job-1", "J", 3, "live-node", 1000, -1, JobStatus.RUNNING));
        standbys.put("job-1/standby-node", new io.ebbflow.core.state.JobStandby("job-1", "standby-node", 2000));
        standbys.put("job-1/gone-node", new io.ebbflow.core.state.JobStandby("job-1", "gone-node", 1500));
        standbys.put("job-2/standby-node", new io.ebbflow.core.state.JobStandby("job-2", "standby-node", 2000));
        JobDetails details = Samples.of(JobDetails.class);
        jobMasters.jobDetails = id -> Future.succeededFuture(details);

        Response response = get("/jobs/job-1");

        assertThat(response.status()).isEqualTo(200);
        JsonObject jobMaster = response.body().getJsonObject("jobmaster");
        assertThat(jobMaster.getString("leader")).isEqualTo("live-node");
        assertThat(jobMaster.getLong("epoch")).isEqualTo(details.jobMasterEpoch());
        assertThat(jobMaster.getJsonArray("standbys")).containsExactly("standby-node");
    }

    @Test
    void aVertexsMetricsAnswerFlinksMetricQueries() throws Exception {
        JobDetails details = Samples.of(JobDetails.class);
        jobMasters.jobDetails = id -> Future.succeededFuture(details);
        String vertex = "/jobs/job-1/vertices/" + details.vertices().get(0).id();

        Response perSubtask = get(vertex + "/metrics?get=0.pendingRecords,0.numRecordsInErrors,9.pendingRecords");
        Response aggregated = get(vertex + "/subtasks/metrics?get=pendingRecords,currentFetchEventTimeLag&agg=sum,max");
        Response ids = get(vertex + "/subtasks/metrics");
        Response badAggregate = get(vertex + "/subtasks/metrics?get=pendingRecords&agg=median");
        Response unknownVertex = get("/jobs/job-1/vertices/nope/subtasks/metrics?get=pendingRecords");

        assertThat(perSubtask.status()).isEqualTo(200);
        assertThat(perSubtask.array()).isEqualTo(new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("id", "0.pendingRecords").put("value", "42"))
                .add(new JsonObject().put("id", "0.numRecordsInErrors").put("value", "3")));
        assertThat(aggregated.array()).isEqualTo(new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("id", "pendingRecords").put("max", 42.0).put("sum", 42.0))
                .add(new JsonObject().put("id", "currentFetchEventTimeLag").put("max", 1500.0).put("sum", 1500.0)));
        assertThat(ids.array()).contains(new JsonObject().put("id", "pendingRecords"),
                new JsonObject().put("id", "currentEmitEventTimeLag"), new JsonObject().put("id", "numRecordsIn"));
        assertThat(badAggregate.status()).isEqualTo(400);
        assertThat(badAggregate.error()).contains("median");
        assertThat(unknownVertex.status()).isEqualTo(404);
    }

    @Test
    void jobsOverviewIsNotTakenForAJobId() throws Exception {
        jobEntries.put("job-1", new JobEntry("job-1", "J", 2, "live-node", 1000, -1, JobStatus.RUNNING));

        Response response = get("/jobs/overview");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().getJsonArray("jobs").getJsonObject(0).getLong("duration")).isEqualTo(4000);
    }

    @Test
    void checkpointsOfAJobTheJobMasterDoesNotKnowAre404WithItsReason() throws Exception {
        jobMasters.checkpoints = id -> Future.failedFuture(ProtocolException.notFound("no job " + id));

        Response response = get("/jobs/job-1/checkpoints");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).isEqualTo("no job job-1");
    }

    @Test
    void checkpointsWithoutAJobMasterAre404() throws Exception {
        Response response = get("/jobs/job-1/checkpoints");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).isEqualTo("Job job-1 not found or its JobMaster is not reachable");
    }

    @Test
    void newRequirementsReachTheJobMasterAndAnswer200() throws Exception {
        jobMasters.updateRequirements = id -> Future.succeededFuture(Ack.INSTANCE);

        Response response = call(HttpMethod.PUT, "/jobs/job-1/resource-requirements",
                "{\"v\": {\"parallelism\": {\"lowerBound\": 1, \"upperBound\": 3}}}", true);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(new JsonObject());
        assertThat(jobMasters.changes).containsExactly(new UpdateRequirements(Map.of("v", new Bounds(1, 3))));
    }

    @Test
    void requirementsOfAnotherShapeAre400AndReachNoJobMaster() throws Exception {
        Response response = call(HttpMethod.PUT, "/jobs/job-1/resource-requirements", "{\"v\": 3}", true);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).startsWith("expected {\"<vertex id>\"");
        assertThat(jobMasters.changes).isEmpty();
    }

    @Test
    void requirementsRefusedInReactiveModeAre409() throws Exception {
        jobMasters.updateRequirements = id -> Future.failedFuture(ProtocolException.conflict("reactive mode"));

        Response response = call(HttpMethod.PUT, "/jobs/job-1/resource-requirements",
                "{\"v\": {\"parallelism\": {\"lowerBound\": 1, \"upperBound\": 3}}}", true);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.error()).isEqualTo("reactive mode");
    }

    @Test
    void aSavepointIs202WithTheRequestIdToPoll() throws Exception {
        jobMasters.triggerSavepoint = id -> Future.succeededFuture(new SavepointTriggered("req-1"));

        Response response = call(HttpMethod.POST, "/jobs/job-1/stop", "{\"targetDirectory\": \"/sp\"}", true);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).isEqualTo(new JsonObject().put("request-id", "req-1"));
        assertThat(jobMasters.changes).containsExactly(new TriggerSavepoint("/sp", true));
    }

    @Test
    void aSavepointIntoADirectoryNameTooLongIs400InFlinksShapeAndReachesNoJobMaster() throws Exception {
        String body = new JsonObject().put("target-directory", "/sp/" + "d".repeat(5_000)).encode();

        Response response = call(HttpMethod.POST, "/jobs/job-1/savepoints", body, true);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("targetDirectory");
        assertThat(jobMasters.changes).isEmpty();
    }

    @Test
    void aSavepointBodyThatIsNotJsonIs400() throws Exception {
        Response response = call(HttpMethod.POST, "/jobs/job-1/savepoints", "{nope", true);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).startsWith("the request body is not a JSON object: ");
    }

    @Test
    void aSavepointsOutcomeIsReadFromTheClusterOnceItsJobMasterHasGone() throws Exception {
        savepoints.put("req-1", new SavepointRecord("job-1", "req-1", "COMPLETED", "/sp/savepoint-1", null));

        Response mine = get("/jobs/job-1/savepoints/req-1");
        Response anotherJobs = get("/jobs/job-2/savepoints/req-1");

        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body()).isEqualTo(new JsonObject().put("status", new JsonObject().put("id", "COMPLETED"))
                .put("operation", new JsonObject().put("location", "/sp/savepoint-1")));
        assertThat(anotherJobs.status()).isEqualTo(404);
        assertThat(anotherJobs.error()).isEqualTo("Job job-2 not found or its JobMaster is not reachable");
    }

    // ------------------------------------------------------------------ fuzzing

    private static final String[] ROUTES = {"/config", "/overview", "/taskmanagers", "/taskmanagers/%s",
            "/taskmanagers/%s/leave", "/slots", "/jobs", "/jobs/overview", "/jobs/%s", "/jobs/%s/exceptions",
            "/jobs/%s/vertices/%s", "/jobs/%s/vertices/%s/metrics", "/jobs/%s/vertices/%s/subtasks/metrics",
            "/jobs/%s/accumulators", "/jobs/%s/resource-requirements", "/jobs/%s/rescales/history",
            "/jobs/%s/rescales/overview", "/jobs/%s/rescales/summary", "/jobs/%s/rescales/config", "/jobs/%s/checkpoints",
            "/jobs/%s/checkpoints/details/%s", "/jobs/%s/checkpoints/details/%s/subtasks/%s", "/jobs/%s/savepoints",
            "/jobs/%s/savepoints/%s", "/jobs/%s/stop", "/nothing/%s"};
    private static final String[] SEGMENTS = {"job-1", "te-1", "7", "-1", "..%2F..%2Fetc%2Fpasswd", "%00", "%3Cscript%3E",
            "%C3%BC", "x".repeat(1000), "99999999999999999999", "%7B%22a%22%3A1%7D"};
    private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE};
    private static final String[] ORIGINS = {null, DASHBOARD, "http://evil.example", "null"};
    private static final String[] CONTENT_TYPES = {null, "application/json", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=z", "text/plain"};
    private static final String[] AUTHORIZATIONS = {null, "Bearer wrong", "Bearer " + TOKEN + "x", "Basic czNjcmV0", TOKEN};

    /**
     * Hostile requests, from a seeded generator, to every route: no request crashes the gateway (no 500), no call
     * without the token changes anything (every one is refused and counted), and with the token malformed bodies
     * are refused as bad input without reaching a JobMaster.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3})
    void hostileRequestsToEveryRouteCrashNothingChangeNothingAndAreCounted(long seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger();
        taskExecutors.leave = id -> {
            left.incrementAndGet();
            return Future.succeededFuture(Ack.INSTANCE);
        };
        int mutations = 0;
        for (int i = 0; i < 250; i++) {
            HttpMethod method = METHODS[random.nextInt(METHODS.length)];
            String path = path(random) + (random.nextInt(4) == 0 ? "?mode=" + SEGMENTS[random.nextInt(SEGMENTS.length)]
                    : random.nextInt(4) == 0 ? "?mode=cancel" : "");
            String body = random.nextInt(3) == 0 ? null : junk(random);
            Map<String, String> headers = new java.util.HashMap<>();
            put(headers, "Origin", ORIGINS[random.nextInt(ORIGINS.length)]);
            put(headers, "Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
            put(headers, "Authorization", AUTHORIZATIONS[random.nextInt(AUTHORIZATIONS.length)]);
            int status = raw(method, path, headers, body);
            String what = method + " " + path + " " + headers;
            assertThat(status).as(what).isNotEqualTo(500).isBetween(200, 599);
            if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                    || method == HttpMethod.DELETE) {
                mutations++;
                assertThat(status).as(what).isIn(401, 403, 415);
            }
        }
        assertThat(refusals.count("rest")).isEqualTo(mutations);
        assertThat(jobMasters.changes).isEmpty();
        assertThat(left).hasValue(0);

        // With the token, malformed bodies are bad input: refused before any JobMaster hears of them.
        for (int i = 0; i < 60; i++) {
            String job = SEGMENTS[random.nextInt(SEGMENTS.length)];
            String[] changing = {"PUT /jobs/%s/resource-requirements", "POST /jobs/%s/savepoints", "POST /jobs/%s/stop",
                    "PATCH /jobs/%s?mode=" + SEGMENTS[random.nextInt(3)]};
            String[] route = String.format(changing[random.nextInt(changing.length)], job).split(" ");
            String body = route[0].equals("PATCH") ? null : junk(random);
            int status = raw(HttpMethod.valueOf(route[0]), route[1], Map.of("Authorization", "Bearer " + TOKEN,
                    "Content-Type", "application/json"), body);
            assertThat(status).as("%s %s %s", route[0], route[1], body).isNotEqualTo(500).isIn(400, 404, 414, 431);
        }
        assertThat(jobMasters.changes).isEmpty();
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    private static String path(java.util.Random random) {
        String template = ROUTES[random.nextInt(ROUTES.length)];
        Object[] segments = new Object[3];
        for (int i = 0; i < 3; i++) {
            segments[i] = SEGMENTS[random.nextInt(SEGMENTS.length)];
        }
        return String.format(template, segments);
    }

    /** A body that is not what any route takes: random bytes, JSON of the wrong shape, or deep nesting. */
    private static String junk(java.util.Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> {
                byte[] b = new byte[1 + random.nextInt(300)];
                random.nextBytes(b);
                yield new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            case 1 -> "[1, \"a\", null, {\"x\": []}]";
            case 2 -> "{\"job-1\": {\"parallelism\": {\"lowerBound\": \"many\", \"upperBound\": -5}}}";
            case 3 -> "[".repeat(2000) + "]".repeat(2000);
            default -> "{\"target-directory\": 42, \"drain\": \"perhaps\", \"cancel-job\": [true]}";
        };
    }

    /** One request with exactly these headers; its status. */
    private int raw(HttpMethod method, String path, Map<String, String> headers, String body) throws Exception {
        Promise<Integer> done = Promise.promise();
        vertx.runOnContext(v -> client.request(method, server.actualPort(), "127.0.0.1", path).compose(request -> {
            headers.forEach(request::putHeader);
            return body == null ? request.send() : request.send(Buffer.buffer(body));
        }).compose(response -> response.body().map(b -> response.statusCode())).onComplete(done));
        return await(done.future());
    }
}
