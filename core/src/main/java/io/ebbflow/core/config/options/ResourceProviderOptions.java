package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.MemorySize;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;
import java.util.List;

/** How the resource providers of the ResourceManager start TaskExecutors ({@code resourcemanager.provider}). */
public final class ResourceProviderOptions {

    private ResourceProviderOptions() {
    }

    // ------------------------------------------------------------------ process

    public static final ConfigOption<String> PROCESS_TASK_EXECUTOR_JAR = ConfigOption
            .key("resourcemanager.process.task-executor-jar")
            .stringType()
            .derivedDefault("'task-executor.jar' beside the ResourceManager's jar, else "
                    + "'../../task-executor/target/task-executor.jar' from it (the source tree)")
            .withDescription("The TaskExecutor jar the 'process' provider starts with 'java -jar'.");

    public static final ConfigOption<String> TASK_EXECUTOR_JVM_OPTIONS = ConfigOption.key("env.java.opts.taskmanager")
            .stringType().defaultValue("-Xmx256m -XX:+UseSerialGC")
            .withDescription("JVM options of the TaskExecutors the 'process' provider starts (split on spaces). The "
                    + "java command is the ResourceManager's own (java.home).");

    public static final ConfigOption<String> PROCESS_LOG_DIR = ConfigOption.key("resourcemanager.process.log-dir")
            .stringType()
            .derivedDefault("'<java.io.tmpdir>/ebbflow-workers/<cluster.name>'")
            .withDescription("Directory where each TaskExecutor the 'process' provider starts writes its output, "
                    + "as '<worker id>.log'.");

    public static final ConfigOption<Duration> PROCESS_STOP_GRACE_PERIOD = ConfigOption
            .key("resourcemanager.process.stop-grace-period")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A TaskExecutor process being stopped gets SIGTERM (it leaves the cluster cleanly) and is "
                    + "killed if it is still alive after this long.");

    // ------------------------------------------------------------------ kubernetes

    public static final ConfigOption<String> KUBERNETES_NAMESPACE = ConfigOption.key("kubernetes.namespace")
            .stringType().defaultValue("default")
            .validate("a non-empty namespace", Ranges.notBlank())
            .withDescription("Namespace of the TaskExecutor pods the 'kubernetes' provider creates.");

    public static final ConfigOption<String> KUBERNETES_CLUSTER_ID = ConfigOption.key("kubernetes.cluster-id")
            .stringType()
            .derivedDefault("'cluster.name'")
            .withDescription("Value of the 'ebbflow.io/cluster' label on every TaskExecutor pod the 'kubernetes' "
                    + "provider creates; a ResourceManager that takes over adopts the pods with its label.");

    public static final ConfigOption<String> KUBERNETES_IMAGE = ConfigOption.key("kubernetes.container.image.ref")
            .stringType().defaultValue("ebbflow:latest")
            .validate("a non-empty image reference", Ranges.notBlank())
            .withDescription("Image of the TaskExecutor pods; it must hold task-executor.jar at "
                    + "'kubernetes.taskmanager.jar'.");

    public static final ConfigOption<String> KUBERNETES_IMAGE_PULL_POLICY = ConfigOption
            .key("kubernetes.container.image.pull-policy")
            .stringType().defaultValue("IfNotPresent")
            .validate("IfNotPresent, Always or Never", s -> List.of("IfNotPresent", "Always", "Never").contains(s)
                    ? null : "expected IfNotPresent, Always or Never, got '" + s + "'")
            .withDescription("Pull policy of the TaskExecutor pods' image.");

    public static final ConfigOption<String> KUBERNETES_TASK_EXECUTOR_JAR = ConfigOption.key("kubernetes.taskmanager.jar")
            .stringType().defaultValue("/opt/ebbflow/task-executor.jar")
            .validate("a non-empty path", Ranges.notBlank())
            .withDescription("Path of task-executor.jar inside the image.");

    public static final ConfigOption<List<String>> KUBERNETES_LABELS = ConfigOption.key("kubernetes.taskmanager.labels")
            .stringListType().defaultValue(List.of())
            .validate("'key:value' entries", l -> l.stream().allMatch(e -> e.indexOf(':') > 0) ? null
                    : "expected 'key:value' entries, got " + l)
            .withDescription("Extra labels of the TaskExecutor pods, as 'key:value' entries (comma-separated).");

    public static final ConfigOption<List<String>> KUBERNETES_SECRETS = ConfigOption.key("kubernetes.secrets")
            .stringListType().defaultValue(List.of())
            .validate("'secret:/absolute/path' entries", l -> l.stream().allMatch(e -> e.indexOf(':') > 0
                    && e.substring(e.indexOf(':') + 1).startsWith("/")) ? null
                    : "expected 'secret:/absolute/path' entries, got " + l)
            .withDescription("Secrets mounted (read-only) into each TaskExecutor pod, as 'secret:/mount/path' entries "
                    + "(comma-separated), e.g. the TLS key and trust stores that 'security.ssl.internal.keystore' and "
                    + "'security.ssl.internal.truststore' name.");

    public static final ConfigOption<Double> KUBERNETES_CPU = ConfigOption.key("kubernetes.taskmanager.cpu.amount")
            .doubleType().defaultValue(1.0)
            .validate("a number > 0", d -> d > 0 ? null : "expected a number > 0, got " + d)
            .withDescription("CPU requested and limited for each TaskExecutor pod.");

    public static final ConfigOption<MemorySize> TASK_EXECUTOR_PROCESS_SIZE = ConfigOption
            .key("taskmanager.memory.process.size")
            .memoryType().defaultValue(MemorySize.ofMebiBytes(512))
            .validate("between 64 mb and 1 tb", Ranges.memoryBetween(MemorySize.ofMebiBytes(64),
                    MemorySize.ofMebiBytes(1024 * 1024)))
            .withDescription("Memory requested and limited for each TaskExecutor pod; its JVM heap is set to half of it.");
}
