package io.ebbflow.api;

import io.ebbflow.api.functions.CoGroupFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.WindowFunction;
import io.ebbflow.api.windowing.Evictor;
import io.ebbflow.api.windowing.Trigger;
import io.ebbflow.api.windowing.Window;
import io.ebbflow.api.windowing.WindowAssigner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A windowed co-group of two streams: {@code a.coGroup(b).where(keyA).equalTo(keyB).window(assigner).apply(fn)}
 * calls {@code fn} once per key and window with that key's records of each side in the window. Built, as in
 * Flink, on the keyed window operator over the union of both inputs' records tagged by side
 * ({@link TaggedUnion}), so its state, triggers, lateness and checkpoints are the window operator's.
 */
public class CoGroupedStreams<T1, T2> {

    private final DataStream<T1> first;
    private final DataStream<T2> second;

    public CoGroupedStreams(DataStream<T1> first, DataStream<T2> second) {
        this.first = Objects.requireNonNull(first, "first input");
        this.second = Objects.requireNonNull(second, "second input");
    }

    /** The key of the first input. */
    public <K> Where<K> where(KeySelector<T1, K> key1) {
        return new Where<>(Objects.requireNonNull(key1, "key selector of the first input"));
    }

    /** After {@code where}: the key of the first input is known. */
    public class Where<K> {
        private final KeySelector<T1, K> key1;

        Where(KeySelector<T1, K> key1) {
            this.key1 = key1;
        }

        /** The key of the second input; records of both sides with equal keys are grouped together. */
        public EqualTo equalTo(KeySelector<T2, K> key2) {
            return new EqualTo(Objects.requireNonNull(key2, "key selector of the second input"));
        }

        /** After {@code equalTo}: both keys are known; a window is needed. */
        public class EqualTo {
            private final KeySelector<T2, K> key2;

            EqualTo(KeySelector<T2, K> key2) {
                this.key2 = key2;
            }

            public <W extends Window> WithWindow<T1, T2, K, W> window(
                    WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner) {
                return new WithWindow<>(first, second, key1, key2, Objects.requireNonNull(assigner, "window assigner"));
            }
        }
    }

    /** A co-group with its window; {@link #apply} builds it. */
    public static class WithWindow<T1, T2, K, W extends Window> {
        final DataStream<T1> first;
        final DataStream<T2> second;
        final KeySelector<T1, K> key1;
        final KeySelector<T2, K> key2;
        final WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner;
        Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger;
        Evictor<? super TaggedUnion<T1, T2>, ? super W> evictor;
        Duration allowedLateness;

        WithWindow(DataStream<T1> first, DataStream<T2> second, KeySelector<T1, K> key1, KeySelector<T2, K> key2,
                WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner) {
            this.first = first;
            this.second = second;
            this.key1 = key1;
            this.key2 = key2;
            this.assigner = assigner;
        }

        public WithWindow<T1, T2, K, W> trigger(Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger) {
            this.trigger = Objects.requireNonNull(trigger, "trigger");
            return this;
        }

        public WithWindow<T1, T2, K, W> evictor(Evictor<? super TaggedUnion<T1, T2>, ? super W> evictor) {
            this.evictor = Objects.requireNonNull(evictor, "evictor");
            return this;
        }

        public WithWindow<T1, T2, K, W> allowedLateness(Duration lateness) {
            this.allowedLateness = Objects.requireNonNull(lateness, "allowed lateness");
            return this;
        }

        public <R> SingleOutputStreamOperator<R> apply(CoGroupFunction<T1, T2, R> function) {
            return build("CoGroup", new CoGroupWindowFunction<>(Objects.requireNonNull(function, "co-group function")));
        }

        /** The window operator over the tagged union of both inputs, keyed by both keys, calling {@code function}. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        <R> SingleOutputStreamOperator<R> build(String name, WindowFunction<TaggedUnion<T1, T2>, R, K, W> function) {
            if (trigger == null && assigner.getDefaultTrigger() instanceof io.ebbflow.api.windowing.NeverTrigger) {
                throw new IllegalArgumentException(name + " over " + assigner.getClass().getSimpleName() + " has no trigger "
                        + "that ever fires, so it would never emit: give it a time window (e.g. "
                        + "TumblingEventTimeWindows.of(..)) or a trigger");
            }
            StreamExecutionEnvironment env = first.getExecutionEnvironment();
            List<io.ebbflow.api.graph.Transformation> inputs = TwoInputs.inputs(env, first, second, key1, key2, false);
            io.ebbflow.api.graph.Transformation union = env.graph().add(io.ebbflow.api.graph.Transformation.Kind.UNION,
                    "Union", inputs, null, null, null);
            KeySelector<TaggedUnion<T1, T2>, K> key = (KeySelector) TwoInputs.operatorKey(key1, key2);
            KeyedStream<TaggedUnion<T1, T2>, K> keyed = new KeyedStream<>(env, union, key);
            WindowedStream<TaggedUnion<T1, T2>, K, W> windowed = keyed.window(assigner);
            if (trigger != null) {
                windowed.trigger(trigger);
            }
            if (evictor != null) {
                windowed.evictor(evictor);
            }
            if (allowedLateness != null) {
                windowed.allowedLateness(allowedLateness);
            }
            return windowed.apply(function).name(name);
        }
    }

    /**
     * A record of either input of a two-input operator, tagged with its input: 1 for the first, 2 for the second.
     * This is what the window assigner, trigger and evictor of a join or co-group see.
     */
    public record TaggedUnion<T1, T2>(int input, Object value) {

        public TaggedUnion {
            if (input != 1 && input != 2) {
                throw new IllegalArgumentException("input must be 1 or 2, got " + input);
            }
        }

        public static <T1, T2> TaggedUnion<T1, T2> one(T1 value) {
            return new TaggedUnion<>(1, value);
        }

        public static <T1, T2> TaggedUnion<T1, T2> two(T2 value) {
            return new TaggedUnion<>(2, value);
        }

        public boolean isOne() {
            return input == 1;
        }

        public boolean isTwo() {
            return input == 2;
        }

        @SuppressWarnings("unchecked")
        public T1 getOne() {
            return input == 1 ? (T1) value : null;
        }

        @SuppressWarnings("unchecked")
        public T2 getTwo() {
            return input == 2 ? (T2) value : null;
        }
    }

    /** Splits a window's tagged records by side and calls the co-group function once. */
    static final class CoGroupWindowFunction<T1, T2, R, K, W extends Window>
            implements WindowFunction<TaggedUnion<T1, T2>, R, K, W>, io.ebbflow.api.functions.RichFunction {
        private static final long serialVersionUID = 1L;
        private final CoGroupFunction<T1, T2, R> function;

        CoGroupWindowFunction(CoGroupFunction<T1, T2, R> function) {
            this.function = function;
        }

        @Override
        public void open(io.ebbflow.api.functions.RuntimeContext context) throws Exception {
            if (function instanceof io.ebbflow.api.functions.RichFunction rich) {
                rich.open(context);
            }
        }

        @Override
        public void close() throws Exception {
            if (function instanceof io.ebbflow.api.functions.RichFunction rich) {
                rich.close();
            }
        }

        @Override
        public void apply(K key, W window, Iterable<TaggedUnion<T1, T2>> input, Collector<R> out) throws Exception {
            List<T1> ones = new ArrayList<>();
            List<T2> twos = new ArrayList<>();
            for (TaggedUnion<T1, T2> u : input) {
                if (u.isOne()) {
                    ones.add(u.getOne());
                } else {
                    twos.add(u.getTwo());
                }
            }
            function.coGroup(ones, twos, out);
        }
    }
}
