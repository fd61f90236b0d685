package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.FilterFunction;
import io.ebbflow.api.functions.FlatMapFunction;
import io.ebbflow.api.functions.MapFunction;
import io.ebbflow.api.functions.ProcessFunction;
import io.ebbflow.api.functions.SinkFunction;

/** The stateless operators: map, flatMap, filter, process, sink. */
final class BasicOperators {

    private BasicOperators() {
    }

    /**
     * An operator around one user function, which it opens and closes with itself. On a keyed stream it
     * sets each record's key as the current one first, so the function may use keyed state (as a rich map
     * after {@code keyBy} does in Flink).
     */
    abstract static class FunctionOperator<I, O, F> extends StreamOperator<I, O> {
        protected final F fn;
        private io.ebbflow.api.functions.KeySelector<I, Object> keySelector;
        private io.ebbflow.runtime.state.HeapKeyedStateBackend backend;

        FunctionOperator(F fn) {
            this.fn = fn;
        }

        /** The operator's input is keyed by this selector. */
        @SuppressWarnings("unchecked")
        FunctionOperator<I, O, F> keyedBy(io.ebbflow.api.functions.KeySelector<?, ?> selector) {
            this.keySelector = (io.ebbflow.api.functions.KeySelector<I, Object>) selector;
            return this;
        }

        @Override
        public void open() throws Exception {
            if (keySelector != null) {
                backend = context.keyedStateBackend();
            }
            openFunction(fn);
        }

        /** Makes the record's key the current one of the keyed state, on a keyed stream. */
        protected final void keyContext(I value) throws Exception {
            if (backend != null) {
                backend.setCurrentKey(keySelector.getKey(value));
            }
        }

        @Override
        public void close() throws Exception {
            closeFunction(fn);
        }

        @Override
        public Object userFunction() {
            return fn;
        }
    }

    static final class Map<I, O> extends FunctionOperator<I, O, MapFunction<I, O>> {
        Map(MapFunction<I, O> fn) {
            super(fn);
        }

        @Override
        public void processElement(I value, long timestamp) throws Exception {
            keyContext(value);
            output.collect(fn.map(value), timestamp);
        }
    }

    static final class FlatMap<I, O> extends FunctionOperator<I, O, FlatMapFunction<I, O>> {
        private TimestampedCollector<O> collector;

        FlatMap(FlatMapFunction<I, O> fn) {
            super(fn);
        }

        @Override
        public void open() throws Exception {
            collector = new TimestampedCollector<>(output);
            super.open();
        }

        @Override
        public void processElement(I value, long timestamp) throws Exception {
            collector.timestamp = timestamp;
            keyContext(value);
            fn.flatMap(value, collector);
        }
    }

    static final class Filter<T> extends FunctionOperator<T, T, FilterFunction<T>> {
        Filter(FilterFunction<T> fn) {
            super(fn);
        }

        @Override
        public void processElement(T value, long timestamp) throws Exception {
            keyContext(value);
            if (fn.filter(value)) {
                output.collect(value, timestamp);
            }
        }
    }

    static final class Process<I, O> extends FunctionOperator<I, O, ProcessFunction<I, O>> {
        private TimestampedCollector<O> collector;
        private long currentTimestamp;
        private long currentWatermark = Long.MIN_VALUE;

        Process(ProcessFunction<I, O> fn) {
            super(fn);
        }

        private final ProcessFunction.Context ctx = new ProcessFunction.Context() {
            @Override
            public Long timestamp() {
                return currentTimestamp == Output.NO_TIMESTAMP ? null : currentTimestamp;
            }

            @Override
            public long currentProcessingTime() {
                return context.processingTime().now();
            }

            @Override
            public long currentWatermark() {
                return currentWatermark;
            }

            @Override
            public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
                collector.output(outputTag, value);
            }
        };

        @Override
        public void open() throws Exception {
            collector = new TimestampedCollector<>(output);
            super.open();
        }

        @Override
        public void processElement(I value, long timestamp) throws Exception {
            currentTimestamp = timestamp;
            collector.timestamp = timestamp;
            keyContext(value);
            fn.processElement(value, ctx, collector);
        }

        @Override
        public void processWatermark(long watermark) throws Exception {
            currentWatermark = watermark;
            super.processWatermark(watermark);
        }
    }

    static final class Sink<T> extends FunctionOperator<T, Object, SinkFunction<T>> {
        Sink(SinkFunction<T> fn) {
            super(fn);
        }

        @Override
        public void processElement(T value, long timestamp) throws Exception {
            keyContext(value);
            fn.invoke(value);
        }

        @Override
        public void processWatermark(long watermark) {
        }

        @Override
        public void endInput() throws Exception {
            fn.finish();
        }
    }
}
