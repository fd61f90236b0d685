package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.AggregateFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.ProcessWindowFunction;
import io.ebbflow.api.functions.ReduceFunction;
import io.ebbflow.api.functions.WindowFunction;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.OperatorSpec.WindowFunctionSpec;
import io.ebbflow.api.state.AggregatingStateDescriptor;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.ReducingState;
import io.ebbflow.api.state.ReducingStateDescriptor;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.windowing.Evictor;
import io.ebbflow.api.windowing.GlobalWindow;
import io.ebbflow.api.windowing.MergingWindowAssigner;
import io.ebbflow.api.windowing.TimestampedValue;
import io.ebbflow.api.windowing.Trigger;
import io.ebbflow.api.windowing.TriggerResult;
import io.ebbflow.api.windowing.Window;
import io.ebbflow.api.windowing.WindowAssigner;
import io.ebbflow.runtime.state.HeapStates;
import io.ebbflow.runtime.state.InternalTimers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Windows on a keyed stream. For every element: the assigner picks its windows; each window's contents
 * (the elements, or an incremental reduce/aggregate) live in keyed state namespaced by the window; the
 * trigger (with its own per-window state and timers) decides when to fire and purge; an evictor, if any,
 * trims the elements before and/or after the function runs. A window's state is dropped at its cleanup
 * time: end of the window + allowed lateness (event time) or its end (processing time); global windows
 * live until purged. Results carry the window's max timestamp. Elements of windows already past cleanup
 * are dropped as late.
 */
final class WindowOperator<K, IN, OUT, W extends Window> extends KeyedOperator<IN, OUT> {

    private final WindowAssigner<IN, W> assigner;
    private final Trigger<IN, W> trigger;
    private final Evictor<IN, W> evictor;
    private final long allowedLateness;
    private final WindowFunctionSpec function;
    private final io.ebbflow.api.util.OutputTag<?> lateDataTag;

    /** Elements (as timestamped values when evicting), or the incremental result. */
    private HeapStates.ListImpl<Object> elements;
    private HeapStates.Base incremental;
    private final TriggerContextImpl triggerContext = new TriggerContextImpl();
    private TimestampedCollector<OUT> collector;
    private long lateRecordsDropped;
    /** For merging assigners (sessions): each key's windows and where their state is. */
    private final MergingWindowAssigner<IN, W> mergingAssigner;
    private HeapStates.Value<HashMap<W, W>> mergingWindows;

    @SuppressWarnings("unchecked")
    WindowOperator(OperatorSpec.Window spec, KeySelector<?, ?> keySelector) {
        super(keySelector);
        this.assigner = (WindowAssigner<IN, W>) spec.assigner();
        this.trigger = (Trigger<IN, W>) spec.trigger();
        this.evictor = (Evictor<IN, W>) spec.evictor();
        this.allowedLateness = spec.allowedLateness();
        this.function = spec.function();
        this.lateDataTag = spec.lateDataTag();
        this.mergingAssigner = assigner instanceof MergingWindowAssigner<IN, W> m ? m : null;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void open() throws Exception {
        super.open();
        collector = new TimestampedCollector<>(output);
        boolean keepElements = evictor != null || function instanceof WindowFunctionSpec.Process
                || function instanceof WindowFunctionSpec.Apply;
        if (keepElements) {
            elements = backend.listState(new ListStateDescriptor("window-contents", Object.class), true);
        } else if (function instanceof WindowFunctionSpec.Reduce r) {
            incremental = backend.reducingState(new ReducingStateDescriptor("window-contents", r.reduce(), Object.class), true);
        } else if (function instanceof WindowFunctionSpec.Aggregate a) {
            incremental = backend.aggregatingState(new AggregatingStateDescriptor("window-contents", a.aggregate(), Object.class), true);
        }
        if (mergingAssigner != null) {
            mergingWindows = backend.valueState(new ValueStateDescriptor("merging-window-set", HashMap.class), false);
        }
        for (Object f : userFunctions()) {
            openFunction(f);
        }
    }

    private List<Object> userFunctions() {
        List<Object> fs = new ArrayList<>();
        if (function instanceof WindowFunctionSpec.Reduce r) {
            fs.add(r.reduce());
            if (r.process() != null) {
                fs.add(r.process());
            }
        } else if (function instanceof WindowFunctionSpec.Aggregate a) {
            fs.add(a.aggregate());
            if (a.process() != null) {
                fs.add(a.process());
            }
        } else if (function instanceof WindowFunctionSpec.Process p) {
            fs.add(p.process());
        } else if (function instanceof WindowFunctionSpec.Apply a) {
            fs.add(a.function());
        }
        return fs;
    }

    @Override
    public void processElement(IN value, long timestamp) throws Exception {
        Collection<W> windows = assigner.assignWindows(value, timestamp, context.processingTime().now());
        setKeyOf(value);
        boolean skipped = true;
        MergingWindowSet<W> merging = mergingAssigner == null ? null : mergingWindowSet();
        for (W assigned : windows) {
            W window = merging == null ? assigned : merging.addWindow(assigned, this::merge);
            if (isLate(window)) {
                if (merging != null) {
                    merging.retire(window);
                }
                continue;
            }
            skipped = false;
            W stateWindow = merging == null ? window : merging.stateWindow(window);
            add(stateWindow, value, timestamp);
            triggerContext.window = window;
            TriggerResult result = trigger.onElement(value, timestamp, window, triggerContext);
            handle(result, window, stateWindow);
            registerCleanupTimer(window);
        }
        if (merging != null) {
            mergingWindows.update(merging.mapping().isEmpty() ? null : merging.mapping());
        }
        if (skipped && isLateElement(timestamp)) {
            if (lateDataTag != null) {
                SideOutputs.emit(output, lateDataTag, value, timestamp);
            } else {
                lateRecordsDropped++;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void add(W stateWindow, IN value, long timestamp) {
        if (elements != null) {
            elements.setNamespace(stateWindow);
            elements.add(evictor != null ? new TimestampedValue<>(value, timestamp) : value);
        } else {
            incremental.setNamespace(stateWindow);
            if (incremental instanceof HeapStates.Reducing<?> r) {
                ((HeapStates.Reducing<Object>) r).add(value);
            } else {
                ((HeapStates.Aggregating<Object, Object, Object>) incremental).add(value);
            }
        }
    }

    private MergingWindowSet<W> mergingWindowSet() {
        HashMap<W, W> mapping = mergingWindows.value();
        return new MergingWindowSet<>(mergingAssigner, mapping == null ? new HashMap<>() : mapping);
    }

    /** Windows merged: the trigger merges its state and timers, the merged windows' timers and contents go. */
    private void merge(W mergeResult, Collection<W> merged, W stateWindow, Collection<W> mergedStateWindows)
            throws Exception {
        if (assigner.isEventTime() && cleanupTime(mergeResult) <= timers.currentWatermark()) {
            throw new IllegalStateException("windows " + merged + " merged into " + mergeResult + ", which ends before "
                    + "the current watermark " + timers.currentWatermark() + ": a merging assigner must not shrink windows");
        }
        triggerContext.window = mergeResult;
        triggerContext.mergedWindows = merged;
        trigger.onMerge(mergeResult, triggerContext);
        triggerContext.mergedWindows = List.of();
        for (W m : merged) {
            triggerContext.window = m;
            trigger.clear(m, triggerContext);
            deleteCleanupTimer(m);
        }
        (elements != null ? elements : incremental).mergeNamespaces(stateWindow, mergedStateWindows);
    }

    /** An element whose windows are all gone because it is late (not because it has none, as in Flink). */
    private boolean isLateElement(long timestamp) {
        return assigner.isEventTime() && timestamp + allowedLateness <= timers.currentWatermark();
    }

    @Override
    protected void onEventTime(InternalTimers.Timer timer) throws Exception {
        onTimer(timer, true);
    }

    @Override
    protected void onProcessingTime(InternalTimers.Timer timer) throws Exception {
        onTimer(timer, false);
    }

    private void onTimer(InternalTimers.Timer timer, boolean eventTime) throws Exception {
        @SuppressWarnings("unchecked")
        W window = (W) timer.namespace();
        MergingWindowSet<W> merging = mergingAssigner == null ? null : mergingWindowSet();
        W stateWindow = merging == null ? window : merging.stateWindow(window);
        if (stateWindow == null) {
            return; // the window merged into another one since: its timers belong to that one now
        }
        triggerContext.window = window;
        TriggerResult result = eventTime ? trigger.onEventTime(timer.timestamp(), window, triggerContext)
                : trigger.onProcessingTime(timer.timestamp(), window, triggerContext);
        handle(result, window, stateWindow);
        if (assigner.isEventTime() == eventTime && timer.timestamp() == cleanupTime(window)) {
            clearAll(window, stateWindow);
            if (merging != null) {
                merging.retire(window);
                mergingWindows.update(merging.mapping().isEmpty() ? null : merging.mapping());
            }
        }
    }

    private void handle(TriggerResult result, W window, W stateWindow) throws Exception {
        if (result.isFire()) {
            emit(window, stateWindow);
        }
        if (result.isPurge()) {
            clearContents(stateWindow);
        }
    }

    private boolean isLate(W window) {
        return assigner.isEventTime() && cleanupTime(window) <= timers.currentWatermark();
    }

    private long cleanupTime(W window) {
        if (window instanceof GlobalWindow) {
            return Long.MAX_VALUE;
        }
        if (!assigner.isEventTime()) {
            return window.maxTimestamp();
        }
        long t = window.maxTimestamp() + allowedLateness;
        return t >= window.maxTimestamp() ? t : Long.MAX_VALUE;
    }

    private void deleteCleanupTimer(W window) {
        long t = cleanupTime(window);
        if (t == Long.MAX_VALUE) {
            return;
        }
        if (assigner.isEventTime()) {
            deleteEventTimeTimer(window, t);
        } else {
            deleteProcessingTimeTimer(window, t);
        }
    }

    private void registerCleanupTimer(W window) {
        long t = cleanupTime(window);
        if (t == Long.MAX_VALUE) {
            return;
        }
        if (assigner.isEventTime()) {
            registerEventTimeTimer(window, t);
        } else {
            registerProcessingTimeTimer(window, t);
        }
    }

    private void clearContents(W stateWindow) {
        if (elements != null) {
            elements.setNamespace(stateWindow);
            elements.clear();
        } else {
            incremental.setNamespace(stateWindow);
            incremental.clear();
        }
    }

    private void clearAll(W window, W stateWindow) throws Exception {
        clearContents(stateWindow);
        triggerContext.window = window;
        trigger.clear(window, triggerContext);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void emit(W window, W stateWindow) throws Exception {
        collector.timestamp = window.maxTimestamp();
        Object key = backend.currentKey();
        if (elements == null) {
            incremental.setNamespace(stateWindow);
            Object result = incremental instanceof HeapStates.Reducing<?> r ? r.get()
                    : ((HeapStates.Aggregating<?, ?, ?>) incremental).get();
            if (result == null) {
                return;
            }
            ProcessWindowFunction pwf = function instanceof WindowFunctionSpec.Reduce r ? r.process()
                    : ((WindowFunctionSpec.Aggregate) function).process();
            if (pwf == null) {
                collector.collect((OUT) result);
            } else {
                pwf.process(key, processContext(pwf, window), List.of(result), collector);
            }
            return;
        }
        elements.setNamespace(stateWindow);
        ArrayList<Object> stored = elements.getInternal();
        if (stored == null || stored.isEmpty()) {
            return;
        }
        ArrayList<Object> values = stored;
        if (evictor != null) {
            Evictor.EvictorContext ectx = new Evictor.EvictorContext() {
                @Override
                public long getCurrentProcessingTime() {
                    return context.processingTime().now();
                }

                @Override
                public long getCurrentWatermark() {
                    return timers.currentWatermark();
                }
            };
            ((Evictor) evictor).evictBefore((Iterable) stored, stored.size(), window, ectx);
            values = new ArrayList<>(stored.size());
            for (Object o : stored) {
                values.add(((TimestampedValue<?>) o).getValue());
            }
        }
        if (!values.isEmpty()) {
            applyFunction(key, window, values);
        }
        if (evictor != null) {
            ((Evictor) evictor).evictAfter((Iterable) stored, stored.size(), window, new Evictor.EvictorContext() {
                @Override
                public long getCurrentProcessingTime() {
                    return context.processingTime().now();
                }

                @Override
                public long getCurrentWatermark() {
                    return timers.currentWatermark();
                }
            });
            elements.setInternal(stored);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void applyFunction(Object key, W window, List<Object> values) throws Exception {
        if (function instanceof WindowFunctionSpec.Reduce r) {
            ReduceFunction reduce = r.reduce();
            Object acc = null;
            for (Object v : values) {
                acc = acc == null ? v : reduce.reduce(acc, v);
            }
            if (r.process() == null) {
                collector.collect((OUT) acc);
            } else {
                ((ProcessWindowFunction) r.process()).process(key, processContext(r.process(), window), List.of(acc), (Collector) collector);
            }
        } else if (function instanceof WindowFunctionSpec.Aggregate a) {
            AggregateFunction agg = a.aggregate();
            Object acc = agg.createAccumulator();
            for (Object v : values) {
                acc = agg.add(v, acc);
            }
            Object result = agg.getResult(acc);
            if (a.process() == null) {
                collector.collect((OUT) result);
            } else {
                ((ProcessWindowFunction) a.process()).process(key, processContext(a.process(), window), List.of(result), (Collector) collector);
            }
        } else if (function instanceof WindowFunctionSpec.Process p) {
            ((ProcessWindowFunction) p.process()).process(key, processContext(p.process(), window), values, (Collector) collector);
        } else if (function instanceof WindowFunctionSpec.Apply a) {
            ((WindowFunction) a.function()).apply(key, window, values, collector);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ProcessWindowFunction.Context processContext(ProcessWindowFunction pwf, W window) {
        return pwf.new Context() {
            @Override
            public Window window() {
                return window;
            }

            @Override
            public long currentProcessingTime() {
                return context.processingTime().now();
            }

            @Override
            public long currentWatermark() {
                return timers.currentWatermark();
            }

            @Override
            public void output(io.ebbflow.api.util.OutputTag tag, Object value) {
                collector.output(tag, value);
            }
        };
    }

    /** Elements dropped because their windows were already past cleanup. */
    long lateRecordsDropped() {
        return lateRecordsDropped;
    }

    @Override
    public void close() throws Exception {
        for (Object f : userFunctions()) {
            closeFunction(f);
        }
    }

    /** The trigger's view: state and timers of the current key and window. */
    private final class TriggerContextImpl implements Trigger.OnMergeContext {
        W window;
        Collection<W> mergedWindows = List.of();
        private final Map<Object, HeapStates.Base> states = new IdentityHashMap<>();

        @Override
        public long getCurrentProcessingTime() {
            return context.processingTime().now();
        }

        @Override
        public long getCurrentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            WindowOperator.this.registerProcessingTimeTimer(window, time);
        }

        @Override
        public void registerEventTimeTimer(long time) {
            WindowOperator.this.registerEventTimeTimer(window, time);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            WindowOperator.this.deleteProcessingTimeTimer(window, time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            WindowOperator.this.deleteEventTimeTimer(window, time);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S> ValueState<S> getValueState(ValueStateDescriptor<S> descriptor) {
            HeapStates.Value<S> s = (HeapStates.Value<S>) states.computeIfAbsent(descriptor,
                    d -> backend.valueState(descriptor, true));
            s.setNamespace(window);
            return s;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <S> void mergePartitionedState(io.ebbflow.api.state.StateDescriptor<S> descriptor) {
            HeapStates.Base s = states.computeIfAbsent(descriptor, d -> {
                if (descriptor instanceof ReducingStateDescriptor r) {
                    return backend.reducingState(r, true);
                } else if (descriptor instanceof AggregatingStateDescriptor a) {
                    return backend.aggregatingState(a, true);
                } else if (descriptor instanceof ListStateDescriptor l) {
                    return backend.listState(l, true);
                }
                throw new UnsupportedOperationException("a trigger can merge reducing, aggregating or list state, not "
                        + descriptor);
            });
            try {
                s.mergeNamespaces(window, mergedWindows);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HeapStates.UserFunctionException(e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S> ReducingState<S> getReducingState(ReducingStateDescriptor<S> descriptor) {
            HeapStates.Reducing<S> s = (HeapStates.Reducing<S>) states.computeIfAbsent(descriptor,
                    d -> backend.reducingState(descriptor, true));
            s.setNamespace(window);
            return s;
        }
    }
}
