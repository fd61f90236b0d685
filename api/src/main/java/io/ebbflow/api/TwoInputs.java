package io.ebbflow.api;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.MapFunction;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.Partitioning;
import io.ebbflow.api.graph.Transformation;
import java.util.List;
import java.util.Objects;

/**
 * How a two-input operator is built into the graph, shared by connected, broadcast-connected, joined and
 * co-grouped streams and interval joins. Each input's records are wrapped in a {@link CoGroupedStreams.TaggedUnion}
 * by a map chained to the input's last operator (so the wrapping costs no extra network hop), then reach the
 * operator over that input's own edge: keyed inputs by one key selector over both sides ({@link UnionKey}, so
 * records with equal keys meet in the same subtask), a broadcast input by broadcast, others as the program
 * partitioned them. The operator is a vertex with two logical inputs: its watermark is the minimum over the
 * channels of both, and checkpoint barriers are aligned over them all, as for any vertex with several inputs.
 * Keyed two-input operators keep their state by key group like one-input ones, so it restores at any parallelism.
 * Internal to the API; public only so that the runtime can load the tagging functions.
 */
public final class TwoInputs {

    private TwoInputs() {
    }

    /** Wraps each record of one input, tagged with the input (1 or 2). */
    public static final class Tag<T> implements MapFunction<T, CoGroupedStreams.TaggedUnion<Object, Object>> {
        private static final long serialVersionUID = 1L;
        private final int input;

        Tag(int input) {
            this.input = input;
        }

        @Override
        public CoGroupedStreams.TaggedUnion<Object, Object> map(T value) {
            return new CoGroupedStreams.TaggedUnion<>(input, value);
        }
    }

    /** The key of a tagged record: the first input's key selector for its records, the second's for the others. */
    public static final class UnionKey implements KeySelector<CoGroupedStreams.TaggedUnion<?, ?>, Object> {
        private static final long serialVersionUID = 1L;
        private final KeySelector<Object, Object> first;
        private final KeySelector<Object, Object> second;

        @SuppressWarnings("unchecked")
        UnionKey(KeySelector<?, ?> first, KeySelector<?, ?> second) {
            this.first = (KeySelector<Object, Object>) Objects.requireNonNull(first, "key selector of the first input");
            this.second = (KeySelector<Object, Object>) second;
        }

        @Override
        public Object getKey(CoGroupedStreams.TaggedUnion<?, ?> value) throws Exception {
            if (value.input() == 1) {
                return first.getKey(value.value());
            }
            if (second == null) {
                throw new IllegalStateException("records of the broadcast input have no key");
            }
            return second.getKey(value.value());
        }
    }

    /**
     * The edges into a two-input operator: each input tagged, then partitioned. {@code key1}/{@code key2}
     * non-null make both inputs keyed by them; {@code broadcastSecond} sends every record of the second input
     * to every subtask (with {@code key1} alone, the first input is keyed).
     */
    static List<Transformation> inputs(StreamExecutionEnvironment env, DataStream<?> first, DataStream<?> second,
            KeySelector<?, ?> key1, KeySelector<?, ?> key2, boolean broadcastSecond) {
        if (first.getExecutionEnvironment() != second.getExecutionEnvironment()) {
            throw new IllegalArgumentException("the two inputs belong to different execution environments");
        }
        KeySelector<?, ?> unionKey = key1 == null ? null : new UnionKey(key1, key2);
        Transformation one = tagged(env, first.getTransformation(), 1, unionKey, null);
        Transformation two = tagged(env, second.getTransformation(), 2, broadcastSecond ? null : unionKey,
                broadcastSecond ? Partitioning.BROADCAST : null);
        return List.of(one, two);
    }

    /** The key selector of the two-input operator that reads {@link #inputs} built with these keys. */
    static KeySelector<?, ?> operatorKey(KeySelector<?, ?> key1, KeySelector<?, ?> key2) {
        return key1 == null ? null : new UnionKey(key1, key2);
    }

    private static Transformation tagged(StreamExecutionEnvironment env, Transformation t, int input,
            KeySelector<?, ?> unionKey, Partitioning override) {
        Transformation base = t;
        Partitioning partitioning = null;
        KeySelector<?, ?> partitionKey = null;
        if (t.kind() == Transformation.Kind.PARTITION) {
            base = t.inputs().get(0);
            partitioning = t.partitioning();
            if (t.keySelector() != null) {
                partitionKey = new UnionKey(t.keySelector(), t.keySelector());
            }
        }
        Transformation tag = env.graph().add(Transformation.Kind.OPERATOR, "Tag Input " + input, List.of(base),
                new OperatorSpec.Map(new Tag<>(input)), null, null);
        if (base.parallelism() > 0) {
            io.ebbflow.api.graph.GraphBuilder.setParallelism(tag, base.parallelism());
        }
        if (base.slotSharingGroup() != null) {
            io.ebbflow.api.graph.GraphBuilder.setSlotSharingGroup(tag, base.slotSharingGroup());
        }
        if (unionKey != null) {
            return env.graph().add(Transformation.Kind.PARTITION, "Key By", List.of(tag), null, Partitioning.HASH, unionKey);
        }
        if (override != null) {
            return env.graph().add(Transformation.Kind.PARTITION, override.name(), List.of(tag), null, override, null);
        }
        if (partitioning != null) {
            return env.graph().add(Transformation.Kind.PARTITION, t.name(), List.of(tag), null, partitioning, partitionKey);
        }
        return tag;
    }

    /** Adds the two-input operator over {@link #inputs}. */
    static <R> SingleOutputStreamOperator<R> operator(StreamExecutionEnvironment env, String name, List<Transformation> inputs,
            OperatorSpec spec, KeySelector<?, ?> key) {
        return new SingleOutputStreamOperator<>(env, env.graph().add(Transformation.Kind.OPERATOR, name, inputs, spec,
                null, key));
    }
}
