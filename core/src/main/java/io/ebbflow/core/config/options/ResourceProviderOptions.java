package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

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
}
