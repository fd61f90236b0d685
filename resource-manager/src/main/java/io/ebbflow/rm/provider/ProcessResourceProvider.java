package io.ebbflow.rm.provider;

import io.ebbflow.core.config.AllOptions;
import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.MetricOptions;
import io.ebbflow.core.config.options.ResourceProviderOptions;
import io.ebbflow.core.config.options.RestOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process} provider: each worker is a {@code java -jar task-executor.jar} child process on the
 * ResourceManager's host, with the java of {@code java.home}, {@code env.java.opts.taskmanager}, the cluster
 * options the ResourceManager was given (less its own ports) and the worker id as {@code taskmanager.resource-id};
 * its output goes to {@code <resourcemanager.process.log-dir>/<worker id>.log}. A JVM flag
 * {@code -Debbflow.worker-of=<cluster.name>} marks it, so a ResourceManager that takes over finds it by its
 * command line. A worker is stopped by its process id: SIGTERM (it leaves the cluster cleanly), and a kill
 * after {@code resourcemanager.process.stop-grace-period}. Process exits, of children and of adopted
 * processes alike, are noticed through {@link ProcessHandle#onExit()}.
 *
 * <p>The workers outlive the ResourceManager (their output goes to files, not to its pipes).
 */
public final class ProcessResourceProvider implements ResourceProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessResourceProvider.class);
    static final String MARKER = "-Debbflow.worker-of=";
    private static final String RESOURCE_ID_ARG = "-D" + TaskManagerOptions.RESOURCE_ID.key() + "=";
    /** The ResourceManager's own options that a worker must not copy: its ports and identity. */
    private static final Set<String> NOT_COPIED = Set.of(ClusterOptions.PORT.key(), ClusterOptions.PORT_COUNT.key(),
            TaskManagerOptions.RESOURCE_ID.key(), RestOptions.PORT.key(), RestOptions.TCP_BRIDGE_PORT.key(),
            MetricOptions.PROMETHEUS_PORT.key());

    private final Vertx vertx;
    private final Context loop;
    private final String clusterName;
    private final Path jar;
    private final Path logDir;
    private final List<String> jvmOptions;
    private final List<String> serviceOptions;
    private final long graceMillis;
    private final Map<String, ProcessHandle> watched = new HashMap<>();
    private ExitListener listener = (id, why) -> { };
    private volatile boolean closed;

    /**
     * @param loop the ResourceManager's event-loop context, where futures complete and exits are reported
     */
    public ProcessResourceProvider(Vertx vertx, Context loop, Configuration config) {
        this.vertx = vertx;
        this.loop = loop;
        this.clusterName = config.get(ClusterOptions.NAME);
        this.jar = config.getOptional(ResourceProviderOptions.PROCESS_TASK_EXECUTOR_JAR).map(Path::of)
                .orElseGet(ProcessResourceProvider::defaultJar).toAbsolutePath();
        this.logDir = config.getOptional(ResourceProviderOptions.PROCESS_LOG_DIR).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "ebbflow-workers", clusterName));
        this.jvmOptions = Arrays.stream(config.get(ResourceProviderOptions.TASK_EXECUTOR_JVM_OPTIONS).trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
        this.serviceOptions = serviceOptions(config);
        this.graceMillis = config.get(ResourceProviderOptions.PROCESS_STOP_GRACE_PERIOD).toMillis();
    }

    /** {@code task-executor.jar} beside the running jar, else in the source tree's {@code task-executor/target}. */
    static Path defaultJar() {
        Path here;
        try {
            here = Path.of(ProcessResourceProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return Path.of("task-executor.jar");
        }
        Path dir = Files.isDirectory(here) ? here : here.getParent();
        Path beside = dir.resolve("task-executor.jar");
        return Files.exists(beside) ? beside : dir.resolve("../../task-executor/target/task-executor.jar").normalize();
    }

    /** The ResourceManager's explicit options as {@code -Dkey=value}, less its own ports and identity. */
    static List<String> serviceOptions(Configuration config) {
        Map<String, ConfigOption<?>> byKey = new HashMap<>();
        AllOptions.list().forEach(o -> byKey.put(o.key(), o));
        List<String> out = new ArrayList<>();
        config.explicitValues().forEach((key, value) -> {
            ConfigOption<?> option = byKey.get(key);
            if (option != null && !NOT_COPIED.contains(key)) {
                out.add("-D" + key + "=" + format(option, value));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> String format(ConfigOption<T> option, Object value) {
        return option.type().format((T) value);
    }

    /** The command line of a worker. */
    List<String> command(String workerId) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add(MARKER + clusterName);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(serviceOptions);
        cmd.add(RESOURCE_ID_ARG + workerId);
        cmd.add("-D" + MetricOptions.PROMETHEUS_PORT.key() + "=0");
        return cmd;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public void onExit(ExitListener listener) {
        this.listener = listener;
    }

    @Override
    public Future<String> start(String workerId) {
        List<String> cmd = command(workerId);
        Path log = logDir.resolve(workerId + ".log");
        return vertx.executeBlocking(() -> {
            if (!Files.isRegularFile(jar)) {
                throw new IOException("no TaskExecutor jar at " + jar + " (set resourcemanager.process.task-executor-jar)");
            }
            Files.createDirectories(logDir);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
            return p.toHandle();
        }, false).map(handle -> {
            LOG.info("Worker {} started: process {}, output to {}", workerId, handle.pid(), log);
            watch(workerId, handle);
            return Long.toString(handle.pid());
        });
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Reports the process's end on the event loop. Called on the event loop. */
    private void watch(String workerId, ProcessHandle handle) {
        if (watched.putIfAbsent(workerId, handle) != null) {
            return;
        }
        handle.onExit().thenRun(() -> {
            if (!closed) {
                loop.runOnContext(v -> {
                    watched.remove(workerId, handle);
                    listener.exited(workerId, "process " + handle.pid() + " exited");
                });
            }
        });
    }

    @Override
    public Future<Void> stop(String workerId, String handle) {
        Optional<ProcessHandle> process = handle == null ? Optional.empty() : ofWorker(workerId, Long.parseLong(handle));
        if (process.isEmpty()) {
            return Future.succeededFuture();
        }
        ProcessHandle p = process.get();
        LOG.info("Stopping worker {} (process {}): SIGTERM, kill after {} ms", workerId, p.pid(), graceMillis);
        p.destroy();
        Promise<Void> gone = Promise.promise();
        p.onExit().completeOnTimeout(p, graceMillis, TimeUnit.MILLISECONDS).thenAccept(after -> {
            if (after.isAlive()) {
                LOG.warn("Worker {} (process {}) still alive {} ms after SIGTERM: killing it", workerId, p.pid(),
                        graceMillis);
                after.destroyForcibly();
            }
            after.onExit().thenRun(() -> loop.runOnContext(v -> gone.tryComplete()));
        });
        return gone.future();
    }

    /** The process, if it is alive and still this worker (a process id may be reused). */
    private Optional<ProcessHandle> ofWorker(String workerId, long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> workerIdOf(p).map(workerId::equals).orElse(false));
    }

    /** The worker id of a process of this cluster's workers, from its command line. */
    private Optional<String> workerIdOf(ProcessHandle p) {
        Optional<String[]> args = p.info().arguments();
        if (args.isEmpty() || !Arrays.asList(args.get()).contains(MARKER + clusterName)) {
            return Optional.empty();
        }
        return Arrays.stream(args.get()).filter(a -> a.startsWith(RESOURCE_ID_ARG))
                .map(a -> a.substring(RESOURCE_ID_ARG.length())).reduce((a, b) -> b);
    }

    @Override
    public Future<Map<String, String>> running() {
        return vertx.executeBlocking(() -> {
            Map<String, ProcessHandle> found = new HashMap<>();
            ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .forEach(p -> workerIdOf(p).ifPresent(id -> found.put(id, p)));
            return found;
        }, false).map(found -> {
            Map<String, String> out = new HashMap<>();
            found.forEach((id, p) -> {
                watch(id, p);
                out.put(id, Long.toString(p.pid()));
            });
            return out;
        });
    }

    @Override
    public Future<Void> close() {
        closed = true;
        watched.clear();
        return Future.succeededFuture();
    }
}
