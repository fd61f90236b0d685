package io.ebbflow.api;

import io.ebbflow.api.functions.AllWindowFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.ProcessAllWindowFunction;
import io.ebbflow.api.functions.ProcessWindowFunction;
import io.ebbflow.api.functions.RichFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.functions.WindowFunction;
import io.ebbflow.api.util.OutputTag;
import io.ebbflow.api.windowing.Window;

/**
 * How a non-keyed window runs on the keyed window operator: every record has the same key (so one subtask
 * holds the window), and the all-window functions are called through keyed ones that ignore the key.
 */
final class AllWindowFunctions {

    private AllWindowFunctions() {
    }

    /** The one key of a non-keyed window's records. */
    static final class ConstantKey<T> implements KeySelector<T, Byte> {
        @Override
        public Byte getKey(T value) {
            return 0;
        }
    }

    /** A {@link ProcessAllWindowFunction} called as a keyed one; opens and closes it with itself. */
    static final class Process<IN, OUT, W extends Window> extends ProcessWindowFunction<IN, OUT, Byte, W> {
        private final ProcessAllWindowFunction<IN, OUT, W> function;

        Process(ProcessAllWindowFunction<IN, OUT, W> function) {
            this.function = java.util.Objects.requireNonNull(function);
        }

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            function.setRuntimeContext(context);
            function.open(context);
        }

        @Override
        public void close() throws Exception {
            function.close();
        }

        @Override
        public void process(Byte key, Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception {
            function.process(function.new Context() {
                @Override
                public W window() {
                    return context.window();
                }

                @Override
                public long currentProcessingTime() {
                    return context.currentProcessingTime();
                }

                @Override
                public long currentWatermark() {
                    return context.currentWatermark();
                }

                @Override
                public <X> void output(OutputTag<X> outputTag, X value) {
                    context.output(outputTag, value);
                }
            }, elements, out);
        }
    }

    /** An {@link AllWindowFunction} called as a keyed {@link WindowFunction}. */
    static final class Apply<IN, OUT, W extends Window> implements WindowFunction<IN, OUT, Byte, W>, RichFunction {
        private final AllWindowFunction<IN, OUT, W> function;

        Apply(AllWindowFunction<IN, OUT, W> function) {
            this.function = java.util.Objects.requireNonNull(function);
        }

        @Override
        public void apply(Byte key, W window, Iterable<IN> input, Collector<OUT> out) throws Exception {
            function.apply(window, input, out);
        }

        @Override
        public void open(RuntimeContext context) throws Exception {
            if (function instanceof RichFunction rich) {
                rich.open(context);
            }
        }

        @Override
        public void close() throws Exception {
            if (function instanceof RichFunction rich) {
                rich.close();
            }
        }
    }
}
