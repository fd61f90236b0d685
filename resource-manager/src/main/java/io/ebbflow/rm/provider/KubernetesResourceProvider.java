package io.ebbflow.rm.provider;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.ResourceProviderOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} provider: each worker is a pod named after the worker id, created and deleted through
 * the Kubernetes API (fabric8's client). The pod template comes from the configuration: the image
 * ({@code kubernetes.container.image.ref}, holding task-executor.jar at {@code kubernetes.taskmanager.jar}), its
 * pull policy, CPU and memory ({@code kubernetes.taskmanager.cpu.amount}, {@code taskmanager.memory.process.size},
 * as requests and limits; the heap is half the memory), the namespace, and labels: {@code app: ebbflow},
 * {@code component: taskmanager}, {@code ebbflow.io/cluster: <kubernetes.cluster-id>},
 * {@code ebbflow.io/worker: <worker id>} and {@code kubernetes.taskmanager.labels}; the Secrets of
 * {@code kubernetes.secrets} mounted read-only (the TLS stores); no service-account token. The container runs
 * {@code java -jar} with the ResourceManager's cluster options (less its ports and host: the pod announces its
 * own IP). Pods never restart ({@code restartPolicy: Never}): a TaskExecutor that ends is a crash the
 * ResourceManager counts and replaces.
 *
 * <p>A watch on the cluster's label reports pods that are deleted or have ended (those are deleted); after a
 * failover, {@link #running()} lists the pods by that label, so the new leader adopts them.
 */
public final class KubernetesResourceProvider implements ResourceProvider {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesResourceProvider.class);
    static final String CLUSTER_LABEL = "ebbflow.io/cluster";
    static final String WORKER_LABEL = "ebbflow.io/worker";

    private final Vertx vertx;
    private final Context loop;
    private final KubernetesClient client;
    private final String namespace;
    private final String clusterId;
    private final Map<String, String> labels;
    private final String image;
    private final String pullPolicy;
    private final String jar;
    private final String cpu;
    private final long memoryMebiBytes;
    private final long graceSeconds;
    private final List<String> serviceOptions;
    /** Secret name to mount path, from {@code kubernetes.secrets}. */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private ExitListener listener = (id, why) -> { };
    private volatile Watch watch;
    private volatile boolean closed;

    /**
     * @param loop the ResourceManager's event-loop context, where futures complete and exits are reported
     */
    public KubernetesResourceProvider(Vertx vertx, Context loop, Configuration config, KubernetesClient client) {
        this.vertx = vertx;
        this.loop = loop;
        this.client = client;
        this.namespace = config.get(ResourceProviderOptions.KUBERNETES_NAMESPACE);
        this.clusterId = config.getOptional(ResourceProviderOptions.KUBERNETES_CLUSTER_ID)
                .orElseGet(() -> config.get(ClusterOptions.NAME));
        this.labels = new LinkedHashMap<>();
        labels.put("app", "ebbflow");
        labels.put("component", "taskmanager");
        for (String entry : config.get(ResourceProviderOptions.KUBERNETES_LABELS)) {
            int colon = entry.indexOf(':');
            labels.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        labels.put(CLUSTER_LABEL, clusterId);
        this.image = config.get(ResourceProviderOptions.KUBERNETES_IMAGE);
        this.pullPolicy = config.get(ResourceProviderOptions.KUBERNETES_IMAGE_PULL_POLICY);
        this.jar = config.get(ResourceProviderOptions.KUBERNETES_TASK_EXECUTOR_JAR);
        this.cpu = Double.toString(config.get(ResourceProviderOptions.KUBERNETES_CPU));
        this.memoryMebiBytes = config.get(ResourceProviderOptions.TASK_EXECUTOR_PROCESS_SIZE).bytes() >> 20;
        this.graceSeconds = Math.max(1, config.get(ResourceProviderOptions.PROCESS_STOP_GRACE_PERIOD).toSeconds());
        for (String entry : config.get(ResourceProviderOptions.KUBERNETES_SECRETS)) {
            int colon = entry.indexOf(':');
            secrets.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        this.serviceOptions = ProcessResourceProvider.serviceOptions(config).stream()
                .filter(o -> !o.startsWith("-D" + ClusterOptions.HOST.key() + "=")).toList();
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public void onExit(ExitListener listener) {
        this.listener = listener;
    }

    /** The pod of a worker. */
    Pod pod(String workerId) {
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put(WORKER_LABEL, workerId);
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + Math.max(32, memoryMebiBytes / 2) + "m",
                ProcessResourceProvider.MARKER + clusterId, "-jar", jar));
        cmd.addAll(serviceOptions);
        cmd.add("-D" + ClusterOptions.HOST.key() + "=$(POD_IP)");
        cmd.add("-D" + TaskManagerOptions.RESOURCE_ID.key() + "=" + workerId);
        Map<String, Quantity> resources = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memoryMebiBytes + "Mi"));
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        secrets.forEach((secret, path) -> {
            String volume = "secret-" + secret;
            volumes.add(new VolumeBuilder().withName(volume).withNewSecret().withSecretName(secret).endSecret().build());
            mounts.add(new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build());
        });
        // A TaskExecutor never calls the Kubernetes API: no service-account token in its pod.
        return new PodBuilder()
                .withNewMetadata().withName(workerId).withNamespace(namespace).withLabels(podLabels).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withAutomountServiceAccountToken(false).withVolumes(volumes)
                .addNewContainer().withName("task-executor").withImage(image).withImagePullPolicy(pullPolicy)
                .withCommand(cmd)
                .withEnv(new EnvVarBuilder().withName("POD_IP").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("status.podIP").endFieldRef().endValueFrom().build())
                .withNewResources().withRequests(resources).withLimits(resources).endResources()
                .withVolumeMounts(mounts)
                .endContainer().endSpec().build();
    }

    @Override
    public Future<String> start(String workerId) {
        Pod pod = pod(workerId);
        return vertx.executeBlocking(() -> client.pods().inNamespace(namespace).resource(pod).create(), false)
                .map(created -> {
                    LOG.info("Worker {} started: pod {} in namespace {}", workerId, created.getMetadata().getName(),
                            namespace);
                    return created.getMetadata().getName();
                });
    }

    @Override
    public Future<Void> stop(String workerId, String handle) {
        String name = handle == null ? workerId : handle;
        LOG.info("Stopping worker {}: deleting pod {} (grace period {} s)", workerId, name, graceSeconds);
        return vertx.executeBlocking(() -> client.pods().inNamespace(namespace).withName(name)
                .withGracePeriod(graceSeconds).delete(), false).mapEmpty();
    }

    @Override
    public Future<Map<String, String>> running() {
        return vertx.executeBlocking(() -> {
            startWatching();
            Map<String, String> found = new HashMap<>();
            for (Pod p : client.pods().inNamespace(namespace).withLabel(CLUSTER_LABEL, clusterId).list().getItems()) {
                String id = p.getMetadata().getLabels().get(WORKER_LABEL);
                if (id != null && !ended(p) && p.getMetadata().getDeletionTimestamp() == null) {
                    found.put(id, p.getMetadata().getName());
                }
            }
            return found;
        }, false);
    }

    /** Runs once, off the event loop (opening a watch blocks). */
    private void startWatching() {
        if (watch != null || closed) {
            return;
        }
        watch = client.pods().inNamespace(namespace).withLabel(CLUSTER_LABEL, clusterId).watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String id = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(WORKER_LABEL);
                if (id == null || closed) {
                    return;
                }
                if (action == Action.DELETED) {
                    report(id, "pod " + pod.getMetadata().getName() + " was deleted");
                } else if (ended(pod)) {
                    report(id, "pod " + pod.getMetadata().getName() + " ended (" + pod.getStatus().getPhase() + ")");
                    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
                } else if (action == Action.ADDED) {
                    reported.remove(id);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                LOG.warn("The watch on the TaskExecutor pods of cluster {} closed: {}", clusterId, cause.toString());
            }
        });
    }

    private static boolean ended(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Failed".equals(phase) || "Succeeded".equals(phase);
    }

    /** Reports a worker's end once, on the event loop. */
    private void report(String workerId, String why) {
        if (reported.add(workerId)) {
            loop.runOnContext(v -> listener.exited(workerId, why));
        }
    }

    @Override
    public Future<Void> close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
        client.close();
        return Future.succeededFuture();
    }
}
