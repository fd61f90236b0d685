package io.ebbflow.rm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.config.ConfigLoader;
import io.ebbflow.core.config.Configuration;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code kubernetes} provider against fabric8's mock API server (a mock of the Kubernetes API in CRUD mode,
 * not a real cluster: pods are stored, listed, watched and deleted, but nothing runs them).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesResourceProviderTest {

    KubernetesClient client;
    io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;
    Vertx vertx;
    Context loop;
    final List<String> exits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
    }

    @AfterEach
    void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private KubernetesResourceProvider provider(String clusterName) {
        return provider(clusterName, Map.of());
    }

    private KubernetesResourceProvider provider(String clusterName, Map<String, String> more) {
        Map<String, String> options = new java.util.HashMap<>(Map.of("cluster.name", clusterName,
                "cluster.host", "10.0.0.5", "cluster.port", "6123", "kubernetes.namespace", "streams",
                "kubernetes.container.image.ref", "registry.local/ebbflow:1.0",
                "kubernetes.taskmanager.labels", "team:data,tier:workers", "kubernetes.taskmanager.cpu.amount", "0.5",
                "taskmanager.memory.process.size", "1gb", "taskmanager.numberOfTaskSlots", "2"));
        options.putAll(more);
        Configuration config = ConfigLoader.forAllOptions().load(null, options);
        KubernetesResourceProvider p = new KubernetesResourceProvider(vertx, loop, config, client);
        p.onExit((id, why) -> exits.add(id + ": " + why));
        return p;
    }

    /** A provider of cluster "prod" that watches its pods, as after a takeover, with one worker started. */
    private KubernetesResourceProvider withWorker(String workerId) throws Exception {
        KubernetesResourceProvider provider = provider("prod");
        done(provider.running());
        done(provider.start(workerId));
        return provider;
    }

    private static <T> T done(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aWorkerIsAPodFromTheTemplateWithTheClusterLabelsResourcesAndItsId() throws Exception {
        KubernetesResourceProvider provider = provider("prod");
        done(provider.running());

        String name = done(provider.start("worker-1"));

        Pod pod = client.pods().inNamespace("streams").withName(name).get();
        assertThat(name).isEqualTo("worker-1");
        assertThat(pod.getMetadata().getLabels()).containsEntry("ebbflow.io/cluster", "prod")
                .containsEntry("ebbflow.io/worker", "worker-1").containsEntry("component", "taskmanager")
                .containsEntry("team", "data").containsEntry("tier", "workers");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        Container c = pod.getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.local/ebbflow:1.0");
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("1024Mi");
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("0.5");
        assertThat(c.getCommand()).startsWith("java", "-Xmx512m", "-Debbflow.worker-of=prod", "-jar",
                "/opt/ebbflow/task-executor.jar");
        assertThat(c.getCommand()).contains("-Dcluster.name=prod", "-Dtaskmanager.numberOfTaskSlots=2",
                "-Dcluster.host=$(POD_IP)", "-Dtaskmanager.resource-id=worker-1");
        assertThat(c.getCommand()).noneMatch(a -> a.equals("-Dcluster.host=10.0.0.5") || a.startsWith("-Dcluster.port="));
        assertThat(c.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        provider.close();
    }

    @Test
    void aWorkersPodMountsTheConfiguredSecretsReadOnlyAndHasNoServiceAccountToken() throws Exception {
        KubernetesResourceProvider provider = provider("prod", Map.of("kubernetes.secrets",
                "ebbflow-tls:/opt/ebbflow/tls,other:/etc/other", "security.ssl.internal.enabled", "true",
                "security.ssl.internal.keystore", "/opt/ebbflow/tls/keystore.p12"));
        done(provider.running());

        Pod pod = client.pods().inNamespace("streams").withName(done(provider.start("worker-2"))).get();

        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getSecret().getSecretName())
                .containsExactly("ebbflow-tls", "other");
        Container c = pod.getSpec().getContainers().get(0);
        assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly("/opt/ebbflow/tls", "/etc/other");
        assertThat(c.getVolumeMounts()).allMatch(m -> m.getReadOnly()).extracting(m -> m.getName())
                .containsExactlyElementsOf(pod.getSpec().getVolumes().stream().map(v -> v.getName()).toList());
        assertThat(c.getCommand()).contains("-Dsecurity.ssl.internal.keystore=/opt/ebbflow/tls/keystore.p12");
        provider.close();
    }

    /**
     * deploy/kubernetes/rbac.yaml grants the ResourceManager's account verbs on pods; every request the provider makes
     * through a worker's life (adopting after a takeover, start, stop, the watch hearing of it) must be one of them.
     */
    @Test
    void everyRequestOfTheProviderIsAVerbTheResourceManagersRoleGrants() throws Exception {
        String rbac = java.nio.file.Files.readString(java.nio.file.Path.of("..", "deploy", "kubernetes", "rbac.yaml"));
        java.util.regex.Matcher granted = java.util.regex.Pattern.compile("verbs: \\[([^]]*)\\]").matcher(rbac);
        assertThat(granted.find()).as("rbac.yaml grants verbs").isTrue();
        List<String> verbs = java.util.Arrays.stream(granted.group(1).split(","))
                .map(v -> v.trim().replace("\"", "")).toList();
        assertThat(rbac).contains("resources: [\"pods\"]");
        while (server.getRequestCount() > 0 && server.takeRequest(1, TimeUnit.SECONDS) != null) {
            // requests before this test's provider
        }
        int before = server.getRequestCount();

        KubernetesResourceProvider provider = withWorker("worker-1");
        done(provider.stop("worker-1", "worker-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> exits.size() == 1);
        provider.close();

        java.util.Set<String> used = new java.util.TreeSet<>();
        for (int i = before; i < server.getRequestCount(); i++) {
            var request = server.takeRequest(5, TimeUnit.SECONDS);
            String path = request.getPath();
            assertThat(path).as(request.getRequestLine()).startsWith("/api/v1/namespaces/streams/pods");
            boolean named = path.split("\\?")[0].length() > "/api/v1/namespaces/streams/pods".length();
            used.add(switch (request.getMethod()) {
                case "POST" -> "create";
                case "DELETE" -> "delete";
                case "GET" -> path.contains("watch=true") ? "watch" : named ? "get" : "list";
                default -> request.getMethod().toLowerCase(java.util.Locale.ROOT);
            });
        }
        assertThat(used).contains("create", "delete", "list", "watch");
        assertThat(verbs).containsAll(used);
    }

    @Test
    void aSecretEntryWithoutAnAbsoluteMountPathIsRefusedNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.forAllOptions().load(null,
                Map.of("kubernetes.secrets", "ebbflow-tls:tls"))).hasMessageContaining("kubernetes.secrets");
    }

    @Test
    void aResourceManagerThatTakesOverFindsTheRunningPodsOfItsClusterByLabel() throws Exception {
        KubernetesResourceProvider first = withWorker("worker-a");
        done(first.start("worker-b"));
        client.pods().inNamespace("streams").resource(new PodBuilder().withNewMetadata().withName("other")
                .withLabels(Map.of("ebbflow.io/cluster", "test", "ebbflow.io/worker", "other")).endMetadata()
                .build()).create();
        client.pods().inNamespace("streams").resource(new PodBuilder().withNewMetadata().withName("ended")
                .withLabels(Map.of("ebbflow.io/cluster", "prod", "ebbflow.io/worker", "ended")).endMetadata()
                .withNewStatus().withPhase("Failed").endStatus().build()).create();

        Map<String, String> adopted = done(provider("prod").running());

        assertThat(adopted).isEqualTo(Map.of("worker-a", "worker-a", "worker-b", "worker-b"));
        first.close();
    }

    @Test
    void aStoppedWorkersPodIsDeletedAndItsEndIsReportedOnce() throws Exception {
        KubernetesResourceProvider provider = withWorker("worker-1");

        done(provider.stop("worker-1", "worker-1"));

        assertThat(client.pods().inNamespace("streams").withName("worker-1").get()).isNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> exits.size() == 1);
        assertThat(exits.get(0)).startsWith("worker-1: pod worker-1 was deleted");
        provider.close();
    }

    @Test
    void aPodThatEndsIsReportedAndDeleted() throws Exception {
        KubernetesResourceProvider provider = withWorker("worker-1");

        Pod failed = client.pods().inNamespace("streams").withName("worker-1").get();
        failed.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Failed").build());
        client.pods().inNamespace("streams").resource(failed).updateStatus();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(exits).containsExactly("worker-1: pod worker-1 ended (Failed)");
            assertThat(client.pods().inNamespace("streams").withName("worker-1").get()).isNull();
        });
        provider.close();
    }
}
