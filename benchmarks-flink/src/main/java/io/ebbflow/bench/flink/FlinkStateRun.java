package io.ebbflow.bench.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.SubtaskStateStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecution;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;
import org.apache.flink.util.Collector;

/**
 * Ebbflow's {@code state-run} against Apache Flink 1.20 in its MiniCluster: the same job (keys put once
 * into a ValueState of ten longs each, then an idle source), heap state backend ({@code hashmap}, its
 * snapshots asynchronous), checkpoints to the local file system. Three checkpoints triggered one after
 * the other (duration from trigger to completion, as this driver sees it, and Flink's own end-to-end
 * duration, and per checkpoint the longest synchronous and asynchronous part over the subtasks from its
 * checkpoint statistics), the job cancelled, and started again from the last (retained) checkpoint; restore time is
 * from submission until every task is RUNNING (Flink restores state while a task is INITIALIZING).
 *
 * <pre>FlinkStateRun KEYS PARALLELISM CHECKPOINTS</pre>
 */
public final class FlinkStateRun {

    static final LongAdder PROCESSED = new LongAdder();

    private FlinkStateRun() {
    }

    public static void main(String[] args) throws Exception {
        long keys = Long.parseLong(args[0]);
        int parallelism = Integer.parseInt(args[1]);
        int checkpoints = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("flink-state-bench");
        Configuration config = new Configuration();
        config.setString("state.backend.type", "hashmap");
        config.setString("state.checkpoints.dir", dir.toUri().toString());
        config.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        config.setString("execution.checkpointing.interval", "1 h");
        config.setString("execution.checkpointing.timeout", "10 min");
        config.setString("taskmanager.memory.network.max", "256 mb");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(config)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism).build());
        cluster.start();
        try {
            long populateStart = System.nanoTime();
            JobGraph first = job(config, keys, parallelism);
            cluster.submitJob(first).get();
            JobID jobId = first.getJobID();
            while (PROCESSED.sum() < keys) {
                Thread.sleep(10);
            }
            double populateSeconds = (System.nanoTime() - populateStart) / 1e9;
            List<Long> durations = new ArrayList<>();
            String path = null;
            for (int i = 0; i < checkpoints; i++) {
                long t0 = System.nanoTime();
                path = cluster.triggerCheckpoint(jobId).get(10, TimeUnit.MINUTES);
                durations.add((System.nanoTime() - t0) / 1_000_000);
            }
            AccessExecutionGraph graph = cluster.getExecutionGraph(jobId).get();
            CompletedCheckpointStats latest = graph.getCheckpointStatsSnapshot().getHistory().getLatestCompletedCheckpoint();
            // Flink's own per-subtask figures: the longest synchronous and asynchronous part of each checkpoint.
            List<Long> syncMs = new ArrayList<>();
            List<Long> asyncMs = new ArrayList<>();
            for (AbstractCheckpointStats cp : graph.getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
                if (cp.getStatus() != CheckpointStatsStatus.COMPLETED) {
                    continue;
                }
                long sync = -1;
                long async = -1;
                for (TaskStateStats task : cp.getAllTaskStateStats()) {
                    for (SubtaskStateStats st : task.getSubtaskStats()) {
                        if (st != null) {
                            sync = Math.max(sync, st.getSyncCheckpointDuration());
                            async = Math.max(async, st.getAsyncCheckpointDuration());
                        }
                    }
                }
                syncMs.add(sync);
                asyncMs.add(async);
            }
            syncMs.sort(null);
            asyncMs.sort(null);
            long stateBytes = latest.getStateSize();
            long flinkDuration = latest.getEndToEndDuration();
            cluster.cancelJob(jobId).get();
            while (!cluster.getJobStatus(jobId).get().isGloballyTerminalState()) {
                Thread.sleep(10);
            }
            System.gc();
            JobGraph second = job(config, keys, parallelism);
            second.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(path));
            long t0 = System.nanoTime();
            cluster.submitJob(second).get();
            // Every 20 ms: building the graph snapshot costs the JobMaster some CPU, which polling every
            // millisecond would take from the restoring tasks.
            while (!allRunning(cluster.getExecutionGraph(second.getJobID()).get())) {
                Thread.sleep(20);
            }
            long restoreMs = (System.nanoTime() - t0) / 1_000_000;
            durations.sort(null);
            System.out.printf(Locale.ROOT, "RESULT runtime=flink-1.20.0-hashmap parallelism=%d keys=%d state_bytes=%d "
                    + "populate_s=%.1f checkpoint_ms=%d checkpoint_ms_all=%s flink_reported_ms=%d restore_ms=%d "
                    + "sync_ms=%d sync_ms_all=%s async_ms=%d%n",
                    parallelism, keys, stateBytes, populateSeconds, durations.get(durations.size() / 2),
                    durations.toString().replace(" ", ""), flinkDuration, restoreMs,
                    syncMs.isEmpty() ? -1 : syncMs.get(syncMs.size() / 2), syncMs.toString().replace(" ", ""),
                    asyncMs.isEmpty() ? -1 : asyncMs.get(asyncMs.size() / 2));
            System.out.flush();
            cluster.cancelJob(second.getJobID()).get();
        } finally {
            cluster.closeAsync().get(1, TimeUnit.MINUTES);
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static boolean allRunning(AccessExecutionGraph graph) {
        // While the job is still being set up its graph has no vertices yet: that is not "running".
        if (graph.getAllVertices().isEmpty()) {
            return false;
        }
        for (AccessExecutionJobVertex v : graph.getAllVertices().values()) {
            for (AccessExecutionVertex ev : v.getTaskVertices()) {
                AccessExecution e = ev.getCurrentExecutionAttempt();
                if (e.getState() != ExecutionState.RUNNING) {
                    return false;
                }
            }
        }
        return true;
    }

    private static JobGraph job(Configuration config, long keys, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        env.setMaxParallelism(128);
        env.addSource(new Populate(keys)).uid("populate").name("Populate").returns(Types.LONG)
                .keyBy(v -> v, Types.LONG)
                .process(new Store()).uid("store").name("Store")
                .sinkTo(new DiscardingSink<>()).name("Discard");
        return env.getStreamGraph().getJobGraph();
    }

    /** Emits this subtask's share of {@code [0, keys)} once, then idles until cancelled (not replayable: run once). */
    static final class Populate extends RichParallelSourceFunction<Long> {
        private static final long serialVersionUID = 1L;
        private final long keys;
        private volatile boolean running = true;

        Populate(long keys) {
            this.keys = keys;
        }

        @Override
        public void run(SourceContext<Long> ctx) throws Exception {
            int p = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
            int i = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            if (PROCESSED.sum() == 0) {
                for (long k = keys * i / p; k < keys * (i + 1) / p && running; k++) {
                    synchronized (ctx.getCheckpointLock()) {
                        ctx.collect(k);
                    }
                }
            }
            while (running) {
                Thread.sleep(50);
            }
        }

        @Override
        public void cancel() {
            running = false;
        }
    }

    /** Keeps ten longs per key. */
    static final class Store extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<long[]> state;

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("payload",
                    org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            long[] payload = new long[10];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = value + i;
            }
            state.update(payload);
            PROCESSED.increment();
        }
    }
}
