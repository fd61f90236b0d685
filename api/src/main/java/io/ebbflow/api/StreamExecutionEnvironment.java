package io.ebbflow.api;

import io.ebbflow.api.connector.CollectionSource;
import io.ebbflow.api.connector.SequenceSource;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.TextFileSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.graph.GraphBuilder;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.StreamGraph;
import io.ebbflow.api.graph.Transformation;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Where a job's dataflow is built, as in Flink: get the environment, add sources, transform, add
 * sinks, then {@link #execute(String)}. A job is a class whose {@code main} does this; it runs inside
 * the JobMaster ({@code java -jar job-master.jar --job-jar my-job.jar -j my.Job}).
 */
public class StreamExecutionEnvironment {

    private static volatile PipelineExecutor contextExecutor;

    private final GraphBuilder graph = new GraphBuilder();
    private final PipelineExecutor executor;
    private int parallelism = -1;
    private int maxParallelism = -1;
    private long bufferTimeoutMillis = -1;
    private long autoWatermarkIntervalMillis = -1;
    private long checkpointIntervalMillis = -1;

    protected StreamExecutionEnvironment(PipelineExecutor executor) {
        this.executor = executor;
    }

    /** The environment of the running program (bound to the JobMaster that runs it). */
    public static StreamExecutionEnvironment getExecutionEnvironment() {
        return new StreamExecutionEnvironment(contextExecutor);
    }

    /**
     * Installs the executor that {@code execute()} uses from now on in this JVM; the JobMaster calls this
     * before running a program's {@code main}. Not for user programs.
     */
    public static void setContextExecutor(PipelineExecutor executor) {
        contextExecutor = executor;
    }

    // ------------------------------------------------------------------ settings

    /** Parallelism of operators that set none (their target; Flink's {@code parallelism.default}). */
    public StreamExecutionEnvironment setParallelism(int parallelism) {
        if (parallelism < 1 || parallelism > Parallelism.UPPER_BOUND) {
            throw new IllegalArgumentException("parallelism must be in [1, " + Parallelism.UPPER_BOUND + "]");
        }
        this.parallelism = parallelism;
        return this;
    }

    /** The job's default parallelism, or -1 if the cluster's default applies. */
    public int getParallelism() {
        return parallelism;
    }

    /** Max parallelism (key groups) of operators that set none. */
    public StreamExecutionEnvironment setMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > Parallelism.UPPER_BOUND) {
            throw new IllegalArgumentException("max parallelism must be in [1, " + Parallelism.UPPER_BOUND + "]");
        }
        this.maxParallelism = maxParallelism;
        return this;
    }

    /** How long output buffers may wait before being sent when not full (Flink's {@code execution.buffer-timeout}). */
    public StreamExecutionEnvironment setBufferTimeout(Duration timeout) {
        this.bufferTimeoutMillis = timeout.toMillis();
        return this;
    }

    /** How often watermark generators are asked for a watermark ({@code pipeline.auto-watermark-interval}). */
    public StreamExecutionEnvironment setAutoWatermarkInterval(Duration interval) {
        this.autoWatermarkIntervalMillis = interval.toMillis();
        return this;
    }

    // ------------------------------------------------------------------ sources

    /** A source of records read in splits (see {@link Source}). */
    /**
     * Takes a checkpoint every {@code intervalMillis} (as {@code execution.checkpointing.interval}, which
     * this overrides): state is snapshotted consistently at barriers, and the job restarts from the latest
     * checkpoint after a failure or a rescale.
     */
    public StreamExecutionEnvironment enableCheckpointing(long intervalMillis) {
        if (intervalMillis < 10) {
            throw new IllegalArgumentException("checkpoint interval must be at least 10 ms, was " + intervalMillis);
        }
        this.checkpointIntervalMillis = intervalMillis;
        return this;
    }

    /** The checkpoint interval set by {@link #enableCheckpointing}, or -1. */
    public long getCheckpointInterval() {
        return checkpointIntervalMillis;
    }

    public <T> DataStreamSource<T> fromSource(Source<T, ?> source, WatermarkStrategy<T> watermarks, String name) {
        Transformation t = graph.add(Transformation.Kind.SOURCE, name, List.of(),
                new OperatorSpec.SourceOp(source, watermarks), null, null);
        if (source.maxParallelism() == 1) {
            GraphBuilder.setParallelism(t, 1);
            GraphBuilder.setMaxParallelism(t, 1);
        }
        return new DataStreamSource<>(this, t);
    }

    /** The longs {@code from..to}, inclusive. */
    public DataStreamSource<Long> fromSequence(long from, long to) {
        return fromSource(new SequenceSource(from, to), WatermarkStrategy.noWatermarks(), "Sequence Source");
    }

    /** The elements, in order (parallelism 1). */
    @SafeVarargs
    public final <T> DataStreamSource<T> fromElements(T... elements) {
        return fromCollection(Arrays.asList(elements));
    }

    /** The elements of a collection, in order (parallelism 1). */
    public <T> DataStreamSource<T> fromCollection(Collection<T> elements) {
        return fromSource(new CollectionSource<>(elements), WatermarkStrategy.noWatermarks(), "Collection Source");
    }

    /** Flink 2.x's name for {@link #fromElements}: the elements, in order (parallelism 1). */
    @SafeVarargs
    public final <T> DataStreamSource<T> fromData(T... data) {
        return fromCollection(Arrays.asList(data));
    }

    /** Flink 2.x's name for {@link #fromCollection}. */
    public <T> DataStreamSource<T> fromData(Collection<T> data) {
        return fromCollection(data);
    }

    /** The lines of a text file, or of every file in a directory. */
    public DataStreamSource<String> readTextFile(String path) {
        return fromSource(new TextFileSource(path), WatermarkStrategy.noWatermarks(), "Text File Source " + path);
    }

    // ------------------------------------------------------------------ execution

    /** Runs the job. */
    public JobExecutionResult execute() throws Exception {
        return execute("Ebbflow Streaming Job");
    }

    /** Runs the job under this name. */
    public JobExecutionResult execute(String jobName) throws Exception {
        if (executor == null) {
            throw new IllegalStateException("This program builds an Ebbflow job; run it with "
                    + "'java -jar job-master.jar --job-jar <jar> -j <main class>'");
        }
        return executor.execute(getStreamGraph(jobName));
    }

    /** The dataflow built so far. */
    public StreamGraph getStreamGraph(String jobName) {
        if (graph.nodes().stream().noneMatch(t -> t.kind() == Transformation.Kind.SINK)) {
            throw new IllegalStateException("the job has no sink: add one (print(), addSink(...), ...) before execute()");
        }
        return new StreamGraph(jobName, graph.nodes(), parallelism, maxParallelism, bufferTimeoutMillis,
                autoWatermarkIntervalMillis, checkpointIntervalMillis);
    }

    GraphBuilder graph() {
        return graph;
    }
}
