package io.ebbflow.connector.kafka.sink;

import io.ebbflow.api.functions.CheckpointListener;
import io.ebbflow.api.functions.CheckpointedFunction;
import io.ebbflow.api.functions.RichSinkFunction;
import io.ebbflow.api.functions.RuntimeContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a {@link KafkaSink} and lets a test take away what a failure takes away: the notification that a checkpoint
 * completed (the process died after the checkpoint's metadata was written, before the notification arrived), and
 * the sink's {@code close()} (killed with {@code kill -9}: its producers never abort anything).
 */
final class FailureInjectingSink<T> extends RichSinkFunction<T> implements CheckpointedFunction, CheckpointListener {

    enum Failure { LOSE_NOTIFICATIONS, NO_CLOSE }

    private static final Map<String, Set<Failure>> FAILURES = new ConcurrentHashMap<>();

    private final String name;
    private final KafkaSink<T> sink;

    FailureInjectingSink(String name, KafkaSink<T> sink) {
        this.name = name;
        this.sink = sink;
    }

    static void inject(String name, Failure... failures) {
        FAILURES.put(name, Set.of(failures));
    }

    private boolean injected(Failure f) {
        return FAILURES.getOrDefault(name, Set.of()).contains(f);
    }

    @Override
    public void initializeState(InitializationContext context) throws Exception {
        sink.initializeState(context);
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        super.open(context);
        sink.open(context);
    }

    @Override
    public void invoke(T value) throws Exception {
        sink.invoke(value);
    }

    @Override
    public void snapshotState(long checkpointId) throws Exception {
        sink.snapshotState(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (!injected(Failure.LOSE_NOTIFICATIONS)) {
            sink.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void finish() throws Exception {
        sink.finish();
    }

    @Override
    public void close() {
        if (!injected(Failure.NO_CLOSE)) {
            sink.close();
        }
    }
}
