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

    static final class Map<I, O> extends StreamOperator<I, O> {
        private final MapFunction<I, O> fn;

        Map(MapFunction<I, O> fn) {
            this.fn = fn;
        }

        @Override
        public void open() throws Exception {
            openFunction(fn);
        }

        @Override
        public void processElement(I value, long timestamp) throws Exception {
            output.collect(fn.map(value), timestamp);
        }

        @Override
        public void close() throws Exception {
            closeFunction(fn);
        }
    }

    static final class FlatMap<I, O> extends StreamOperator<I, O> {
        private final FlatMapFunction<I, O> fn;
        private TimestampedCollector<O> collector;

        FlatMap(FlatMapFunction<I, O> fn) {
            this.fn = fn;
        }

        @Override
        public void open() throws Exception {
            collector = new TimestampedCollector<>(output);
            openFunction(fn);
        }

        @Override
        public void processElement(I value, long timestamp) throws Exception {
            collector.timestamp = timestamp;
            fn.flatMap(value, collector);
        }

        @Override
        public void close() throws Exception {
            closeFunction(fn);
        }
    }

    static final class Filter<T> extends StreamOperator<T, T> {
        private final FilterFunction<T> fn;

        Filter(FilterFunction<T> fn) {
            this.fn = fn;
        }

        @Override
        public void open() throws Exception {
            openFunction(fn);
        }

        @Override
        public void processElement(T value, long timestamp) throws Exception {
            if (fn.filter(value)) {
                output.collect(value, timestamp);
            }
        }

        @Override
        public void close() throws Exception {
            closeFunction(fn);
        }
    }

    static final class Process<I, O> extends StreamOperator<I, O> {
        private final ProcessFunction<I, O> fn;
        private TimestampedCollector<O> collector;
        private long currentTimestamp;
        private long currentWatermark = Long.MIN_VALUE;

        Process(ProcessFunction<I, O> fn) {
            this.fn = fn;
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
        };

        @Override
        public void open() throws Exception {
            collector = new TimestampedCollector<>(output);
            openFunction(fn);
        }

        @Override
        public void processElement(I value, long timestamp) throws Exception {
            currentTimestamp = timestamp;
            collector.timestamp = timestamp;
            fn.processElement(value, ctx, collector);
        }

        @Override
        public void processWatermark(long watermark) throws Exception {
            currentWatermark = watermark;
            super.processWatermark(watermark);
        }

        @Override
        public void close() throws Exception {
            closeFunction(fn);
        }
    }

    static final class Sink<T> extends StreamOperator<T, Object> {
        private final SinkFunction<T> fn;

        Sink(SinkFunction<T> fn) {
            this.fn = fn;
        }

        @Override
        public void open() throws Exception {
            openFunction(fn);
        }

        @Override
        public void processElement(T value, long timestamp) throws Exception {
            fn.invoke(value);
        }

        @Override
        public void processWatermark(long watermark) {
        }

        @Override
        public void close() throws Exception {
            closeFunction(fn);
        }
    }
}
