package io.ebbflow.api;

import io.ebbflow.api.CoGroupedStreams.TaggedUnion;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.FlatJoinFunction;
import io.ebbflow.api.functions.JoinFunction;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.CoGroupFunction;
import io.ebbflow.api.windowing.Evictor;
import io.ebbflow.api.windowing.Trigger;
import io.ebbflow.api.windowing.Window;
import io.ebbflow.api.windowing.WindowAssigner;
import java.time.Duration;
import java.util.Objects;

/**
 * A windowed inner join of two streams: {@code a.join(b).where(keyA).equalTo(keyB).window(assigner).apply(fn)}
 * calls {@code fn} for every pair of records, one of each side, with equal keys in the same window. A co-group
 * whose function forms the pairs (as in Flink).
 */
public class JoinedStreams<T1, T2> {

    private final DataStream<T1> first;
    private final DataStream<T2> second;

    public JoinedStreams(DataStream<T1> first, DataStream<T2> second) {
        this.first = Objects.requireNonNull(first, "first input");
        this.second = Objects.requireNonNull(second, "second input");
    }

    public <K> Where<K> where(KeySelector<T1, K> key1) {
        return new Where<>(Objects.requireNonNull(key1, "key selector of the first input"));
    }

    /** After {@code where}. */
    public class Where<K> {
        private final KeySelector<T1, K> key1;

        Where(KeySelector<T1, K> key1) {
            this.key1 = key1;
        }

        public EqualTo equalTo(KeySelector<T2, K> key2) {
            return new EqualTo(Objects.requireNonNull(key2, "key selector of the second input"));
        }

        /** After {@code equalTo}: a window is needed. */
        public class EqualTo {
            private final KeySelector<T2, K> key2;

            EqualTo(KeySelector<T2, K> key2) {
                this.key2 = key2;
            }

            public <W extends Window> WithWindow<T1, T2, K, W> window(
                    WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner) {
                return new WithWindow<>(new CoGroupedStreams.WithWindow<>(first, second, key1, key2,
                        Objects.requireNonNull(assigner, "window assigner")));
            }
        }
    }

    /** A join with its window; {@link #apply} builds it. */
    public static class WithWindow<T1, T2, K, W extends Window> {
        private final CoGroupedStreams.WithWindow<T1, T2, K, W> coGroup;

        WithWindow(CoGroupedStreams.WithWindow<T1, T2, K, W> coGroup) {
            this.coGroup = coGroup;
        }

        public WithWindow<T1, T2, K, W> trigger(Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger) {
            coGroup.trigger(trigger);
            return this;
        }

        public WithWindow<T1, T2, K, W> evictor(Evictor<? super TaggedUnion<T1, T2>, ? super W> evictor) {
            coGroup.evictor(evictor);
            return this;
        }

        public WithWindow<T1, T2, K, W> allowedLateness(Duration lateness) {
            coGroup.allowedLateness(lateness);
            return this;
        }

        public <R> SingleOutputStreamOperator<R> apply(JoinFunction<T1, T2, R> function) {
            Objects.requireNonNull(function, "join function");
            return coGroup.build("Window Join", new CoGroupedStreams.CoGroupWindowFunction<T1, T2, R, K, W>(
                    new JoinCoGroupFunction<>(function)));
        }

        public <R> SingleOutputStreamOperator<R> apply(FlatJoinFunction<T1, T2, R> function) {
            return coGroup.build("Window Join", new CoGroupedStreams.CoGroupWindowFunction<T1, T2, R, K, W>(
                    new JoinCoGroupFunction<>(Objects.requireNonNull(function, "join function"))));
        }
    }

    /** Every pair of one record of each side in the window, first-side records in arrival order outermost. */
    static final class JoinCoGroupFunction<T1, T2, R> implements CoGroupFunction<T1, T2, R>, io.ebbflow.api.functions.RichFunction {
        private static final long serialVersionUID = 1L;
        /** A {@link JoinFunction} or a {@link FlatJoinFunction}. */
        private final io.ebbflow.api.functions.Function function;

        JoinCoGroupFunction(io.ebbflow.api.functions.Function function) {
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
        @SuppressWarnings("unchecked")
        public void coGroup(Iterable<T1> first, Iterable<T2> second, Collector<R> out) throws Exception {
            for (T1 a : first) {
                for (T2 b : second) {
                    if (function instanceof JoinFunction<?, ?, ?> j) {
                        out.collect(((JoinFunction<T1, T2, R>) j).join(a, b));
                    } else {
                        ((FlatJoinFunction<T1, T2, R>) function).join(a, b, out);
                    }
                }
            }
        }
    }
}
