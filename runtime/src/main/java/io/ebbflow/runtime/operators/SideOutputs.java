package io.ebbflow.runtime.operators;

import io.ebbflow.api.util.OutputTag;
import java.util.Map;

/**
 * Side outputs in the runtime: how a function's {@code ctx.output(tag, value)} reaches the operators that
 * read that tag. An operator emits into its {@link Output}'s {@link Output#collectSide}; the chain gives an
 * operator whose side outputs are read a {@link #route router} as its output, which sends main records to
 * the main targets and each tag's records to that tag's targets (chained operators or network outputs).
 * Every target, of the main output or of a side output, gets every watermark.
 */
public final class SideOutputs {

    private SideOutputs() {
    }

    /** Emits {@code value} into {@code tag}, refusing a value of another type than the tag's (naming the tag). */
    public static void emit(Output<?> output, OutputTag<?> tag, Object value, long timestamp) {
        if (tag == null) {
            throw new NullPointerException("side output tag must not be null");
        }
        if (!tag.accepts(value)) {
            throw new IllegalArgumentException("a " + value.getClass().getName() + " was emitted into side output '"
                    + tag.getId() + "', whose type is " + tag.getTypeClass().getName());
        }
        output.collectSide(tag, value, timestamp);
    }

    /**
     * The output of an operator whose side outputs are read: main records to {@code main}, a tag's records
     * to {@code sides.get(tag id)} (dropped when nothing reads that tag), watermarks to all.
     */
    public static Output<Object> route(Output<Object> main, Map<String, Output<Object>> sides) {
        return sides.isEmpty() ? main : new Router(main, Map.copyOf(sides));
    }

    private static final class Router implements Output<Object> {
        private final Output<Object> main;
        private final Map<String, Output<Object>> sides;
        private final Output<Object>[] all;

        @SuppressWarnings("unchecked")
        Router(Output<Object> main, Map<String, Output<Object>> sides) {
            this.main = main;
            this.sides = sides;
            java.util.List<Output<Object>> targets = new java.util.ArrayList<>();
            targets.add(main);
            targets.addAll(sides.values());
            this.all = targets.toArray(new Output[0]);
        }

        @Override
        public void collect(Object record, long timestamp) {
            main.collect(record, timestamp);
        }

        @Override
        public void collectSide(OutputTag<?> tag, Object record, long timestamp) {
            Output<Object> target = sides.get(tag.getId());
            if (target != null) {
                target.collect(record, timestamp);
            }
        }

        @Override
        public void emitWatermark(long watermark) {
            for (Output<Object> o : all) {
                o.emitWatermark(watermark);
            }
        }
    }
}
