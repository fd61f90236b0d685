package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.Addresses;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane as real processes ({@code java -jar} of each service), default heartbeat settings
 * (10 s interval, 50 s timeout), one scenario after the other on one cluster: slots offered to the job,
 * garbage on every control address, a TaskExecutor stopped, one killed, and the ResourceManager killed
 * and restarted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneIT {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneIT.class);
    private static final String JOB = "e2e-job";
    /** Generous liveness bounds; the measured times go to the benchmark figures. */
    private static final Duration SETTLE = Duration.ofSeconds(90);

    static LocalCluster cluster;
    static TestNode client;
    static ServiceProcess rm;
    static ServiceProcess te1;
    static ServiceProcess te2;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LocalCluster("control-plane", 8, List.of());
        rm = cluster.startResourceManager();
        cluster.startWebUi();
        cluster.startJobMaster("--job-description",
                cluster.home().resolve("examples/src/main/resources/jobs/slot-holder.yaml").toString(), "--job-id", JOB);
        te1 = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=2");
        te2 = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-2", "-Dtaskmanager.numberOfTaskSlots=2");
        client = TestNode.join(cluster);
        awaitHeld(3);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void taskExecutorsJoinAndTheirSlotsAreOfferedToTheJobMaster() {
        JsonObject overview = cluster.get("/overview").json();
        assertThat(overview.getInteger("taskmanagers")).isEqualTo(2);
        assertThat(overview.getInteger("slots-total")).isEqualTo(4);
        assertThat(overview.getInteger("slots-available")).isEqualTo(1);

        JsonObject job = cluster.get("/jobs/" + JOB).json();
        assertThat(job.getString("jid")).isEqualTo(JOB);
        assertThat(job.getJsonArray("vertices")).hasSize(3);
        assertThat(job.getJsonObject("slots").getInteger("held")).isEqualTo(3);
        assertThat(jobAllocations()).isEqualTo(ledgerAllocations(JOB));

        JsonArray tms = cluster.get("/taskmanagers").json().getJsonArray("taskmanagers");
        assertThat(tms.stream().map(o -> ((JsonObject) o).getString("id")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("te-1", "te-2");
        assertThat(cluster.get("/jobs").json().getJsonArray("jobs").getJsonObject(0).getString("id")).isEqualTo(JOB);
    }

    @Test
    @Order(2)
    void garbageOnEveryControlAddressGetsAnErrorReplyAndChangesNothing() throws Exception {
        String before = snapshot();
        List<String> addresses = new ArrayList<>(List.of(
                Addresses.RM_REGISTER_TASK_EXECUTOR, Addresses.RM_TASK_EXECUTOR_HEARTBEAT,
                Addresses.RM_DEREGISTER_TASK_EXECUTOR, Addresses.RM_SLOT_AVAILABLE, Addresses.RM_REGISTER_JOB_MASTER,
                Addresses.RM_JOB_MASTER_HEARTBEAT, Addresses.RM_DEREGISTER_JOB_MASTER, Addresses.RM_CLUSTER_OVERVIEW));
        for (String suffix : List.of(Addresses.TE_REQUEST_SLOT, Addresses.TE_FREE_SLOT, Addresses.TE_JOB_MASTER_HEARTBEAT,
                Addresses.TE_DISCONNECT_JOB_MASTER, Addresses.TE_STATUS)) {
            addresses.add(Addresses.taskExecutor("te-1", suffix));
        }
        for (String suffix : List.of(Addresses.JM_OFFER_SLOTS, Addresses.JM_DISCONNECT_TASK_EXECUTOR,
                Addresses.JM_RESOURCE_QUOTA, Addresses.JM_JOB_DETAILS)) {
            addresses.add(Addresses.jobMaster(JOB, suffix));
        }
        List<Object> garbage = List.of(
                "this is not JSON",
                new JsonObject().put("hello", "world"),
                new JsonObject().put("taskExecutorId", "../../x").put("slotIndex", -1),
                new JsonArray().add(1).add(2),
                42,
                Ack.INSTANCE);
        for (String address : addresses) {
            for (Object body : garbage) {
                if (address.endsWith("cluster-overview") || address.endsWith(".status") || address.endsWith("job-details")) {
                    // Read-only queries take an empty body; only non-objects and wrong types are malformed there.
                    if (body instanceof JsonObject && ((JsonObject) body).isEmpty()) {
                        continue;
                    }
                }
                int code = failureCode(address, body);
                assertThat(code).as("reply code for %s on %s", body, address).isIn(400, 413);
            }
        }
        // An oversized message (11 MB, above rpc.max-message-size) to one address of each service.
        String huge = "x".repeat(11 * 1024 * 1024);
        for (String address : List.of(Addresses.RM_TASK_EXECUTOR_HEARTBEAT, Addresses.taskExecutor("te-1",
                Addresses.TE_REQUEST_SLOT), Addresses.jobMaster(JOB, Addresses.JM_OFFER_SLOTS))) {
            assertThat(failureCode(address, huge)).as("oversized on %s", address).isEqualTo(413);
        }
        // Well-formed messages from senders nobody knows.
        assertThat(failureCode(Addresses.RM_TASK_EXECUTOR_HEARTBEAT, new JsonObject()
                .put("taskExecutorId", "nobody").put("registrationId", "none")
                .put("slotReport", new JsonObject().put("slots", new JsonArray())))).isEqualTo(404);
        // A publish to the announcement address is dropped by its subscribers.
        client.node().vertx().eventBus().publish(Addresses.RM_STARTED, new JsonObject().put("rmEpoch", "many"));

        assertThat(snapshot()).isEqualTo(before);
        assertThat(List.of(rm, te1, te2)).allMatch(ServiceProcess::isAlive);
        assertThat(cluster.get("/overview").ok()).isTrue();
    }

    @Test
    @Order(3)
    void aStoppedTaskExecutorLeavesAtOnceWithoutWaitingForAnyTimeout() {
        long start = System.nanoTime();
        te2.terminate();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> taskManagerIds().equals(Set.of("te-1")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("SIGTERM of a TaskExecutor -> gone from GET /taskmanagers in {} ms (heartbeat.timeout is 50 s)", millis);
        assertThat(cluster.get("/overview").json().getInteger("slots-total")).isEqualTo(2);
        awaitHeld(2);
        assertThat(jobAllocations()).isEqualTo(ledgerAllocations(JOB));
    }

    @Test
    @Order(4)
    void aKilledTaskExecutorIsGoneWellBeforeTheHeartbeatTimeout() throws Exception {
        ServiceProcess te3 = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-3", "-Dtaskmanager.numberOfTaskSlots=2");
        await().atMost(SETTLE).until(() -> taskManagerIds().contains("te-3"));
        awaitHeld(3);

        long start = System.nanoTime();
        te3.kill();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> !taskManagerIds().contains("te-3"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("kill -9 of a TaskExecutor -> gone from GET /taskmanagers in {} ms (heartbeat.timeout is 50 s)", millis);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(jobAllocations()).isEqualTo(ledgerAllocations(JOB)));
        assertThat(cluster.get("/jobs/" + JOB).json().getJsonObject("slots").getInteger("held")).isEqualTo(2);
    }

    @Test
    @Order(5)
    void aKilledAndRestartedResourceManagerLeavesEveryJobItsSlots() throws Exception {
        cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-4", "-Dtaskmanager.numberOfTaskSlots=2");
        awaitHeld(3);
        Set<String> held = jobAllocations();

        rm.kill();
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.get("/overview").status() == 503);
        rm = cluster.startResourceManager();
        await().atMost(SETTLE).until(() -> {
            LocalCluster.Response r = cluster.get("/overview");
            return r.ok() && r.json().getLong("resource-manager-epoch") == 2 && r.json().getInteger("taskmanagers") == 2;
        });

        // The job kept exactly its slots, and the ledger, the JobMaster and the TaskExecutors agree.
        assertThat(jobAllocations()).isEqualTo(held);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ledgerAllocations(JOB)).isEqualTo(held));
        TaskExecutorGateway tes = TaskExecutorGateway.overBus(new BusClient(client.node().vertx(), Duration.ofSeconds(10), 1 << 20));
        Set<String> onTaskExecutors = new TreeSet<>();
        for (String te : taskManagerIds()) {
            TaskExecutorStatus status = TestNode.await(tes.status(te));
            assertThat(status.rmEpoch()).isEqualTo(2);
            status.slots().stream().filter(s -> JOB.equals(s.jobId())).forEach(s -> onTaskExecutors.add(s.allocationId()));
        }
        assertThat(onTaskExecutors).isEqualTo(held);

        // The old ResourceManager's epoch is fenced off everywhere.
        Throwable stale = TestNode.await(tes.requestSlot("te-1", new RequestSlot(1, 0, "intruder", 1, "alloc-x"))
                .transform(ar -> Future.succeededFuture(ar.cause())));
        assertThat(stale).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.error()).isEqualTo(ProtocolError.STALE));
    }

    // ------------------------------------------------------------------ helpers

    private static void awaitHeld(int slots) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            LocalCluster.Response r = cluster.get("/jobs/" + JOB);
            assertThat(r.ok()).as("GET /jobs/%s: %s", JOB, r.body()).isTrue();
            // Until the JobMaster answers, the REST gateway returns the job registry's entry, which has no slots.
            assertThat(r.json().getJsonObject("slots")).as("job details from the JobMaster: %s", r.body()).isNotNull();
            assertThat(r.json().getJsonObject("slots").getInteger("held")).as("slots held by the job").isEqualTo(slots);
        });
    }

    private static Set<String> taskManagerIds() {
        LocalCluster.Response r = cluster.get("/taskmanagers");
        if (!r.ok()) {
            return Set.of("(unavailable)");
        }
        return r.json().getJsonArray("taskmanagers").stream().map(o -> ((JsonObject) o).getString("id"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> jobAllocations() {
        return cluster.get("/jobs/" + JOB).json().getJsonObject("slots").getJsonArray("allocations").stream()
                .map(o -> ((JsonObject) o).getString("allocationId")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> ledgerAllocations(String jobId) {
        return cluster.get("/slots").json().getJsonArray("slots").stream().map(o -> (JsonObject) o)
                .filter(s -> jobId.equals(s.getString("jobId")) && "ALLOCATED".equals(s.getString("state")))
                .map(s -> s.getString("allocationId")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String snapshot() {
        JsonObject job = cluster.get("/jobs/" + JOB).json();
        return cluster.get("/slots").body() + "|" + job.getJsonObject("slots").encode() + "|" + taskManagerIds();
    }

    private static int failureCode(String address, Object body) throws Exception {
        Throwable t = TestNode.await(client.node().vertx().eventBus().request(address, body)
                .transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause() : null)));
        if (t instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            return re.failureCode();
        }
        throw new AssertionError("expected an error reply from " + address + " for " + describe(body) + ", got "
                + (t == null ? "success" : t));
    }

    private static String describe(Object body) {
        String s = String.valueOf(body);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
