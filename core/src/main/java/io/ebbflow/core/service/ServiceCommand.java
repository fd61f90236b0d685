package io.ebbflow.core.service;

import io.ebbflow.core.cluster.ClusterBootstrap;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.cluster.MemberRole;
import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.ConfigLoader;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.NetworkAddresses;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.metrics.MetricsServer;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The shared command line and life cycle of every service ({@code java -jar <service>.jar}):
 * {@code --config config.yaml}, {@code -Dkey=value} overrides, {@code --cluster-members}; then
 * validate the configuration (exit code 2 with a message naming the key on any problem), join the
 * cluster, serve metrics, deploy the service's verticle, and run until SIGTERM / Ctrl-C, when the
 * verticle is undeployed first (so the service can say goodbye) and the cluster is left.
 */
public abstract class ServiceCommand implements java.util.concurrent.Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceCommand.class);

    /** Exit code for an unusable configuration or command line. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code when the cluster or the service could not start. */
    public static final int EXIT_START = 3;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (Flink's config.yaml style).")
    Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Sets a configuration option, overriding the file. Repeatable.")
    Map<String, String> dynamicProperties = new LinkedHashMap<>();

    @Option(names = "--cluster-members", paramLabel = "HOST[:PORT],...", split = ",",
            description = "Cluster members to contact when joining (default: this host's port range).")
    List<String> clusterMembers;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile ClusterNode node;
    private volatile String deploymentId;

    /** The service's name, for logs. */
    protected abstract String serviceName();

    /** Checks service-specific arguments and options; throws {@link ConfigException} if unusable. */
    protected void validate(Configuration config) {
    }

    /** Creates the service's verticle. */
    protected abstract Deployable createVerticle(ServiceContext context);

    /**
     * Whether this service holds partitions of the shared maps ({@link MemberRole#DATA}, the default) or is a
     * lite member that holds none ({@link MemberRole#LITE}: TaskExecutors, whose churn should move no data).
     */
    protected MemberRole clusterRole() {
        return MemberRole.DATA;
    }

    /**
     * The configuration with this service's own address keys folded into {@code cluster.host} and
     * {@code cluster.bind-host} (see {@link NetworkAddresses#withServiceKeys}); unchanged by default.
     */
    protected Configuration withServiceAddresses(Configuration config) {
        return config;
    }

    /** Whether arguments the service does not know are passed on (a job's own arguments), instead of refused. */
    protected boolean passesUnknownArguments() {
        return false;
    }

    /** Runs the command line of a service and exits with its code. */
    public static void main(ServiceCommand command, String[] args) {
        int code = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
                .setUnmatchedOptionsArePositionalParams(command.passesUnknownArguments()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        Configuration config;
        try {
            config = loadConfiguration();
        } catch (ConfigException e) {
            System.err.println(serviceName() + ": " + e.getMessage());
            LOG.error("{} not started: {}", serviceName(), e.getMessage());
            return EXIT_CONFIG;
        }
        LOG.info("Starting {} with {}", serviceName(), config.explicitValues().isEmpty()
                ? "default configuration" : "configuration "
                + io.ebbflow.core.storage.ObjectStores.masked(config.loggableValues()));
        io.ebbflow.core.storage.ObjectStores.initialize(config);
        try {
            node = await(ClusterBootstrap.start(config, clusterRole()), config.get(ClusterOptions.JOIN_TIMEOUT).toMillis() + 5_000);
            node.tlsHandshakes().reportTo(new io.ebbflow.core.security.SecurityRefusals(metricsName(), node.meterRegistry()));
            await(MetricsServer.start(node.vertx(), config), 30_000);
            ServiceContext context = new ServiceContext(config, node, this::exit);
            deploymentId = await(node.vertx().deployVerticle(createVerticle(context)), 120_000);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.err.println(serviceName() + " could not start: " + cause);
            LOG.error("{} could not start", serviceName(), cause);
            shutdown();
            return EXIT_START;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, serviceName() + "-shutdown"));
        LOG.info("{} running on node {}", serviceName(), node.nodeId());
        stopped.await();
        return 0;
    }

    /** The service's name as the {@code service} tag of its metrics: {@code JobMaster} is {@code job-master}. */
    String metricsName() {
        return serviceName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Loads {@code --config} and {@code -D} values, then runs the cross-option checks. */
    Configuration loadConfiguration() {
        Map<String, String> dynamic = new LinkedHashMap<>(dynamicProperties);
        if (clusterMembers != null && !clusterMembers.isEmpty()) {
            dynamic.put(ClusterOptions.MEMBERS.key(), String.join(",", clusterMembers));
        }
        Configuration config = withServiceAddresses(ConfigLoader.forAllOptions().load(configFile, dynamic));
        HeartbeatOptions.check(config);
        io.ebbflow.core.security.Tls.check(config);
        validate(config);
        return config;
    }

    private void exit(int code, String reason) {
        LOG.error("{} stopping with exit code {}: {}", serviceName(), code, reason);
        Thread t = new Thread(() -> System.exit(code), serviceName() + "-exit");
        t.setDaemon(false);
        t.start();
    }

    private void shutdown() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        ClusterNode n = node;
        try {
            if (n != null) {
                LOG.info("{} shutting down", serviceName());
                if (deploymentId != null) {
                    await(n.vertx().undeploy(deploymentId), 15_000);
                }
                await(n.close(), 15_000);
            }
        } catch (Exception e) {
            LOG.warn("{} did not shut down cleanly: {}", serviceName(), e.toString());
        } finally {
            stopped.countDown();
        }
    }

    private static <T> T await(Future<T> future, long timeoutMillis) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
