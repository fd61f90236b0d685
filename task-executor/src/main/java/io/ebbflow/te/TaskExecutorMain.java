package io.ebbflow.te;

import io.ebbflow.core.cluster.MemberRole;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.NetworkAddresses;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
import io.ebbflow.core.protocol.Require;
import io.ebbflow.core.service.ServiceCommand;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.SystemClock;
import io.ebbflow.core.util.Ids;
import io.vertx.core.Deployable;
import picocli.CommandLine.Command;

/** {@code java -jar task-executor.jar [--config config.yaml] [-Dtaskmanager.numberOfTaskSlots=N ...]} */
@Command(name = "task-executor", mixinStandardHelpOptions = true, versionProvider = io.ebbflow.core.service.Version.class,
        description = "Runs an Ebbflow TaskExecutor: offers its slots to the cluster's jobs.")
public final class TaskExecutorMain extends ServiceCommand {

    public static void main(String[] args) {
        ServiceCommand.main(new TaskExecutorMain(), args);
    }

    @Override
    protected String serviceName() {
        return "TaskExecutor";
    }

    /** A lite member: TaskExecutors come and go with the load, and their churn must move no map partitions. */
    @Override
    protected MemberRole clusterRole() {
        return MemberRole.LITE;
    }

    /** {@code taskmanager.host} and {@code taskmanager.bind-host}, where set, stand for the cluster's keys. */
    @Override
    protected Configuration withServiceAddresses(Configuration config) {
        return NetworkAddresses.withServiceKeys(config, TaskManagerOptions.HOST, TaskManagerOptions.BIND_HOST);
    }

    @Override
    protected Deployable createVerticle(ServiceContext context) {
        return new TaskExecutorVerticle(context, resourceId(context.config()), SystemClock.INSTANCE);
    }

    /**
     * {@code taskmanager.resource-id}, or {@code <host>-<pid>-<6 hex digits>} (or {@code te-<pid>-<6 hex digits>}
     * when the host does not make a valid id, e.g. {@code ::1}).
     */
    static String resourceId(Configuration config) {
        return config.getOptional(TaskManagerOptions.RESOURCE_ID).orElseGet(() -> {
            String suffix = "-" + ProcessHandle.current().pid() + "-" + Ids.randomHex(6);
            String fromHost = config.get(ClusterOptions.HOST).replaceAll("[^A-Za-z0-9.]", "-") + suffix;
            return Require.isId(fromHost) ? fromHost : "te" + suffix;
        });
    }
}
