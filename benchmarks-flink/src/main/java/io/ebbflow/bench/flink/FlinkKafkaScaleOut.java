package io.ebbflow.bench.flink;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The scale-out scenario of {@code kafka-scale-out} in Apache Flink 1.20: the Kafka benchmark's job (Kafka → keyBy →
 * count → Kafka, {@code flink-connector-kafka} 3.4.0-1.20) on a MiniCluster with the adaptive scheduler (the mechanism
 * of Reactive Mode: job parallelism 4, resource wait infinite, resource stabilization 0) and TaskManagers of one
 * slot, all in this JVM. It starts with one TaskManager, adds one (p=2), then two more (p=4). For each step it notes
 * when the step began, when the ResourceManager had registered the new TaskManagers (polled every millisecond) and
 * when every subtask ran at the new parallelism (the execution graph, polled every 10 ms); the counting operator's
 * records-in are sampled every 100 ms to {@code SAMPLES_FILE} as {@code epochMillis,total}. Prints one {@code RESULT}
 * line with the instants (epoch ms) for {@code kafka-scale-out} to analyse.
 *
 * <pre>FlinkKafkaScaleOut BOOTSTRAP IN_TOPIC OUT_TOPIC KEYS GUARANTEE CHECKPOINT_MS COOLDOWN_S WARMUP_S SETTLE_S MEASURE_S SAMPLES_FILE</pre>
 */
public final class FlinkKafkaScaleOut {

    /** The counting operator's records in (the Kafka benchmark's job counts into it). */
    private static final LongAdder RECORDS_IN = FlinkKafkaCount.PROCESSED;
    private static final int MAX_PARALLELISM = 4;

    private FlinkKafkaScaleOut() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // The MiniCluster's threads would keep this JVM alive after a failure: end it.
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String bootstrap = args[0];
        long keys = Long.parseLong(args[3]);
        DeliveryGuarantee guarantee = DeliveryGuarantee.valueOf(args[4]);
        long checkpointMillis = Long.parseLong(args[5]);
        Duration cooldown = Duration.ofSeconds(Long.parseLong(args[6]));
        long warmupMillis = Long.parseLong(args[7]) * 1000;
        long settleMillis = Long.parseLong(args[8]) * 1000;
        long measureMillis = Long.parseLong(args[9]) * 1000;
        Path samplesFile = Path.of(args[10]);

        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Adaptive);
        conf.set(JobManagerOptions.RESOURCE_WAIT_TIMEOUT, Duration.ofMillis(-1));
        conf.set(JobManagerOptions.RESOURCE_STABILIZATION_TIMEOUT, Duration.ZERO);
        conf.set(JobManagerOptions.SCHEDULER_SCALING_INTERVAL_MIN, cooldown);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 1);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build()) {
            @Override
            protected boolean useLocalCommunication() {
                // A MiniCluster started with one TaskManager connects its tasks only in-process; the TaskManagers added
                // later need the network shuffle, as separate TaskManagers have.
                return false;
            }
        };
        cluster.start();
        ScheduledExecutorService sampler = startSampler(samplesFile);
        StringBuilder result = new StringBuilder("RESULT runtime=flink-1.20.0");
        try {
            long submitted = System.currentTimeMillis();
            JobID job = cluster.submitJob(jobGraph(bootstrap, args[1], args[2], keys, guarantee, checkpointMillis))
                    .get().getJobID();
            awaitRunningAt(cluster, job, 1, new TreeSet<>());
            while (RECORDS_IN.sum() == 0) {
                Thread.sleep(1);
            }
            result.append(" submitted=").append(submitted).append(" first_record=").append(System.currentTimeMillis());
            sleepUntil(System.currentTimeMillis() + warmupMillis + measureMillis);
            step(cluster, job, 1, 2, result);
            sleepUntil(System.currentTimeMillis() + settleMillis + measureMillis);
            step(cluster, job, 2, 4, result);
            sleepUntil(System.currentTimeMillis() + settleMillis + measureMillis);
            result.append(" end=").append(System.currentTimeMillis()).append(" samples=").append(samplesFile);
            cluster.cancelJob(job).get();
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        System.out.println(result);
        System.out.flush();
        cluster.close();
    }

    /** Adds TaskManagers from {@code from} to {@code to} and notes the instants of this step. */
    private static void step(MiniCluster cluster, JobID job, int from, int to, StringBuilder result) throws Exception {
        long start = System.currentTimeMillis();
        for (int i = from; i < to; i++) {
            cluster.startTaskManager();
        }
        long firstRegistered = 0;
        while (cluster.getResourceOverview().get().getNumberTaskManagers() < to) {
            if (firstRegistered == 0 && cluster.getResourceOverview().get().getNumberTaskManagers() > from) {
                firstRegistered = System.currentTimeMillis();
            }
            Thread.sleep(1);
        }
        long registered = System.currentTimeMillis();
        TreeSet<Integer> seen = new TreeSet<>();
        long running = awaitRunningAt(cluster, job, to, seen);
        result.append(" start_").append(to).append('=').append(start)
                .append(" first_registered_").append(to).append('=').append(firstRegistered == 0 ? registered : firstRegistered)
                .append(" registered_").append(to).append('=').append(registered)
                .append(" running_").append(to).append('=').append(running)
                .append(" seen_").append(to).append('=').append(String.join("+", seen.stream().map(String::valueOf).toList()));
    }

    /**
     * Waits until the job runs with every vertex at parallelism {@code p} and all its subtasks RUNNING; notes every
     * parallelism it saw running fully meanwhile. Returns when (epoch ms).
     */
    private static long awaitRunningAt(MiniCluster cluster, JobID job, int p, TreeSet<Integer> seen) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        ArchivedExecutionGraph graph = null;
        while (System.currentTimeMillis() < deadline) {
            graph = cluster.getArchivedExecutionGraph(job).get();
            int at = runningParallelism(graph);
            if (at > 0) {
                seen.add(at);
                if (at == p) {
                    return System.currentTimeMillis();
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the job did not run at parallelism " + p + " within 180 s; it is "
                + graph.getState() + ", its last failure: " + (graph.getFailureInfo() == null ? "none"
                : graph.getFailureInfo().getExceptionAsString()));
    }

    /** The parallelism every vertex runs at with all subtasks RUNNING, or 0 if the job is not in that state. */
    private static int runningParallelism(ArchivedExecutionGraph graph) {
        if (graph.getState() != JobStatus.RUNNING) {
            return 0;
        }
        int p = -1;
        for (AccessExecutionJobVertex v : graph.getVerticesTopologically()) {
            if (p != -1 && v.getParallelism() != p) {
                return 0;
            }
            p = v.getParallelism();
            for (AccessExecutionVertex sub : v.getTaskVertices()) {
                if (sub.getExecutionState() != ExecutionState.RUNNING) {
                    return 0;
                }
            }
        }
        return Math.max(p, 0);
    }

    private static JobGraph jobGraph(String bootstrap, String in, String out, long keys, DeliveryGuarantee guarantee,
            long checkpointMillis) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(MAX_PARALLELISM);
        env.enableCheckpointing(checkpointMillis);
        FlinkKafkaCount.pipeline(env, bootstrap, in, out, keys, guarantee);
        return env.getStreamGraph().getJobGraph();
    }

    /** Appends {@code epochMillis,total} of the records-in counter to the file every 100 ms. */
    private static ScheduledExecutorService startSampler(Path file) throws java.io.IOException {
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "records-in-samples");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            try {
                out.write(System.currentTimeMillis() + "," + RECORDS_IN.sum() + "\n");
                out.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** The scenario's measured windows: waits for a wall-clock instant. */
    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long left;
        while ((left = epochMillis - System.currentTimeMillis()) > 0) {
            Thread.sleep(left);
        }
    }
}
