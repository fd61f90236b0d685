package io.ebbflow.api.functions;

import io.ebbflow.api.util.OutputTag;
import io.ebbflow.api.windowing.Window;

/** Evaluates a window of a non-keyed stream ({@code windowAll}) with access to the window and time. */
public abstract class ProcessAllWindowFunction<IN, OUT, W extends Window> extends AbstractRichFunction {

    public abstract void process(Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /** The context of one evaluation. */
    public abstract class Context {
        public abstract W window();

        public abstract long currentProcessingTime();

        public abstract long currentWatermark();

        /** Emits {@code value} into the side output {@code outputTag}, with the window's max timestamp. */
        public abstract <X> void output(OutputTag<X> outputTag, X value);
    }
}
