package io.ebbflow.api;

import io.ebbflow.api.connector.PrintSink;
import io.ebbflow.api.connector.TextFileSink;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.FilterFunction;
import io.ebbflow.api.functions.FlatMapFunction;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.MapFunction;
import io.ebbflow.api.functions.ProcessFunction;
import io.ebbflow.api.functions.SinkFunction;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.Partitioning;
import io.ebbflow.api.graph.Transformation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A stream of records of type {@code T}, as in Flink. */
public class DataStream<T> {

    protected final StreamExecutionEnvironment env;
    protected final Transformation transformation;

    DataStream(StreamExecutionEnvironment env, Transformation transformation) {
        this.env = env;
        this.transformation = transformation;
    }

    public StreamExecutionEnvironment getExecutionEnvironment() {
        return env;
    }

    /** The node that produces this stream. */
    public Transformation getTransformation() {
        return transformation;
    }

    public <R> SingleOutputStreamOperator<R> map(MapFunction<T, R> mapper) {
        return operator("Map", new OperatorSpec.Map(Objects.requireNonNull(mapper)));
    }

    public <R> SingleOutputStreamOperator<R> flatMap(FlatMapFunction<T, R> flatMapper) {
        return operator("Flat Map", new OperatorSpec.FlatMap(Objects.requireNonNull(flatMapper)));
    }

    public SingleOutputStreamOperator<T> filter(FilterFunction<T> filter) {
        return operator("Filter", new OperatorSpec.Filter(Objects.requireNonNull(filter)));
    }

    public <R> SingleOutputStreamOperator<R> process(ProcessFunction<T, R> function) {
        return operator("Process", new OperatorSpec.Process(Objects.requireNonNull(function)));
    }

    /** Partitions by key: records with equal keys go to the same subtask (Flink's key-group assignment). */
    public <K> KeyedStream<T, K> keyBy(KeySelector<T, K> key) {
        Objects.requireNonNull(key, "key selector");
        Transformation p = env.graph().add(Transformation.Kind.PARTITION, "Key By", List.of(transformation), null,
                Partitioning.HASH, key);
        return new KeyedStream<>(env, p, key);
    }

    /** Assigns timestamps and generates watermarks. */
    public SingleOutputStreamOperator<T> assignTimestampsAndWatermarks(WatermarkStrategy<T> strategy) {
        return operator("Timestamps/Watermarks", new OperatorSpec.TimestampsAndWatermarks(Objects.requireNonNull(strategy)));
    }

    /** Merges streams of the same type. */
    @SafeVarargs
    public final DataStream<T> union(DataStream<T>... others) {
        List<Transformation> inputs = new ArrayList<>();
        inputs.add(transformation);
        for (DataStream<T> o : others) {
            inputs.add(o.transformation);
        }
        return new DataStream<>(env, env.graph().add(Transformation.Kind.UNION, "Union", inputs, null, null, null));
    }

    /** Processes this stream and {@code other} together in one two-input operator. */
    public <R> ConnectedStreams<T, R> connect(DataStream<R> other) {
        return new ConnectedStreams<>(env, this, Objects.requireNonNull(other, "other stream"));
    }

    /** Processes this stream together with a broadcast stream, whose broadcast states every subtask keeps. */
    public <R> BroadcastConnectedStream<T, R> connect(BroadcastStream<R> broadcastStream) {
        return new BroadcastConnectedStream<>(env, this, Objects.requireNonNull(broadcastStream, "broadcast stream"));
    }

    /**
     * This stream as a broadcast input: every record to every subtask of the operator it is connected to,
     * which keeps the broadcast states {@code descriptors} name (at least one).
     */
    public BroadcastStream<T> broadcast(io.ebbflow.api.state.MapStateDescriptor<?, ?>... descriptors) {
        if (descriptors.length == 0) {
            throw new IllegalArgumentException("broadcast(..) needs at least one MapStateDescriptor; for plain broadcast "
                    + "partitioning call broadcast()");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (io.ebbflow.api.state.MapStateDescriptor<?, ?> d : descriptors) {
            if (!names.add(Objects.requireNonNull(d, "broadcast state descriptor").getName())) {
                throw new IllegalArgumentException("two broadcast states are named '" + d.getName() + "'");
            }
        }
        return new BroadcastStream<>(this, List.of(descriptors));
    }

    /** A windowed join with {@code other}: {@code join(other).where(..).equalTo(..).window(..).apply(..)}. */
    public <T2> JoinedStreams<T, T2> join(DataStream<T2> other) {
        return new JoinedStreams<>(this, Objects.requireNonNull(other, "other stream"));
    }

    /** A windowed co-group with {@code other}: {@code coGroup(other).where(..).equalTo(..).window(..).apply(..)}. */
    public <T2> CoGroupedStreams<T, T2> coGroup(DataStream<T2> other) {
        return new CoGroupedStreams<>(this, Objects.requireNonNull(other, "other stream"));
    }

    /**
     * Groups the whole stream (not keyed) into windows, evaluated by one subtask (parallelism 1), as in
     * Flink; session assigners merge as on a keyed stream.
     */
    public <W extends io.ebbflow.api.windowing.Window> AllWindowedStream<T, W> windowAll(
            io.ebbflow.api.windowing.WindowAssigner<? super T, W> assigner) {
        return new AllWindowedStream<>(this, assigner);
    }

    /** Non-keyed windows of {@code size} records. */
    public AllWindowedStream<T, io.ebbflow.api.windowing.GlobalWindow> countWindowAll(long size) {
        return windowAll(io.ebbflow.api.windowing.GlobalWindows.create())
                .trigger(io.ebbflow.api.windowing.PurgingTrigger.of(io.ebbflow.api.windowing.CountTrigger.of(size)));
    }

    /** Non-keyed windows of the last {@code size} records, evaluated every {@code slide} records. */
    public AllWindowedStream<T, io.ebbflow.api.windowing.GlobalWindow> countWindowAll(long size, long slide) {
        return windowAll(io.ebbflow.api.windowing.GlobalWindows.create())
                .evictor(io.ebbflow.api.windowing.CountEvictor.of(size))
                .trigger(io.ebbflow.api.windowing.CountTrigger.of(slide));
    }

    /** Randomly to the next operator's subtasks (uniformly). */
    public DataStream<T> shuffle() {
        return partition(Partitioning.SHUFFLE, "Shuffle");
    }

    /**
     * Round robin to a subset of the next operator's subtasks: each subtask here feeds its share of the
     * subtasks there (the same split as Flink's rescale), so a change of parallelism spreads evenly.
     */
    public DataStream<T> rescale() {
        return partition(Partitioning.RESCALE, "Rescale");
    }

    /** Every record to the first subtask of the next operator. */
    public DataStream<T> global() {
        return partition(Partitioning.GLOBAL, "Global");
    }

    /** Round robin to the next operator's subtasks. */
    public DataStream<T> rebalance() {
        return partition(Partitioning.REBALANCE, "Rebalance");
    }

    /** Every record to every subtask of the next operator. */
    public DataStream<T> broadcast() {
        return partition(Partitioning.BROADCAST, "Broadcast");
    }

    /** Subtask i to subtask i (the default when parallelisms match). */
    public DataStream<T> forward() {
        return partition(Partitioning.FORWARD, "Forward");
    }

    public DataStreamSink<T> addSink(SinkFunction<T> sink) {
        return sink("Sink", sink);
    }

    /** Same as {@link #addSink}. */
    public DataStreamSink<T> sinkTo(SinkFunction<T> sink) {
        return addSink(sink);
    }

    /** Prints every record on the TaskExecutors' standard output. */
    public DataStreamSink<T> print() {
        return sink("Print to Std. Out", new PrintSink<>());
    }

    /** Prints every record with a prefix. */
    public DataStreamSink<T> print(String prefix) {
        return sink("Print to Std. Out", new PrintSink<>(prefix, false));
    }

    /** Writes each record as a line into {@code <directory>/part-<subtask>.txt}. */
    public DataStreamSink<T> writeAsText(String directory) {
        return sink("Text File Sink", new TextFileSink<>(directory));
    }

    protected DataStream<T> partition(Partitioning partitioning, String name) {
        return new DataStream<>(env, env.graph().add(Transformation.Kind.PARTITION, name, List.of(transformation), null,
                partitioning, null));
    }

    protected <R> SingleOutputStreamOperator<R> operator(String name, OperatorSpec spec) {
        return new SingleOutputStreamOperator<>(env, env.graph().add(Transformation.Kind.OPERATOR, name,
                List.of(transformation), spec, null, keySelectorForOperators()));
    }

    protected DataStreamSink<T> sink(String name, SinkFunction<T> sink) {
        Objects.requireNonNull(sink, "sink");
        return new DataStreamSink<>(env.graph().add(Transformation.Kind.SINK, name, List.of(transformation),
                new OperatorSpec.Sink(sink), null, keySelectorForOperators()));
    }

    /** The key of records reaching operators applied to this stream (only keyed streams have one). */
    protected KeySelector<?, ?> keySelectorForOperators() {
        return null;
    }
}
