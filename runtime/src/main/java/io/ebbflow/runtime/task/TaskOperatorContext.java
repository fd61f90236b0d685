package io.ebbflow.runtime.task;

import io.ebbflow.api.accumulators.LongCounter;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.runtime.graph.ChainedOperator;
import io.ebbflow.runtime.operators.MailboxExecutor;
import io.ebbflow.runtime.operators.OperatorContext;
import io.ebbflow.runtime.operators.ProcessingTimeService;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.KeyGroupRange;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What one operator of a subtask's chain knows of its subtask; it holds the operator's keyed state once
 * created. A source's is also its reader's context.
 */
final class TaskOperatorContext implements OperatorContext, SourceReaderContext {

    private final TaskSpec spec;
    private final ChainedOperator op;
    private final RuntimeContext.ExternalPublisher publisher;
    private final ProcessingTimeService processingTime;
    private final TaskAccumulators accumulators;
    private final MailboxExecutor mailbox;
    private HeapKeyedStateBackend backend;

    TaskOperatorContext(TaskSpec spec, ChainedOperator op, RuntimeContext.ExternalPublisher publisher,
            ProcessingTimeService processingTime, TaskAccumulators accumulators, MailboxExecutor mailbox) {
        this.mailbox = mailbox;
        this.spec = spec;
        this.op = op;
        this.publisher = publisher;
        this.processingTime = processingTime;
        this.accumulators = accumulators;
    }

    /**
     * Wall-clock processing time whose callbacks go through a subtask's mailbox, so they run on its
     * thread: {@code timers} only hands them over at their time.
     */
    static ProcessingTimeService processingTime(ScheduledExecutorService timers, Consumer<Runnable> mailbox) {
        return new ProcessingTimeService() {
            @Override
            public long now() {
                return System.currentTimeMillis();
            }

            @Override
            public Registration schedule(long time, Runnable callback) {
                long delay = Math.max(0, time - System.currentTimeMillis());
                ScheduledFuture<?> f = timers.schedule(() -> mailbox.accept(callback), delay, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }
        };
    }

    @Override
    public String jobId() {
        return spec.jobId();
    }

    @Override
    public String taskName() {
        return spec.taskName();
    }

    @Override
    public String operatorId() {
        return op.operatorId();
    }

    @Override
    public String operatorName() {
        return op.name();
    }

    @Override
    public int subtaskIndex() {
        return spec.subtaskIndex();
    }

    @Override
    public int parallelism() {
        return spec.parallelism();
    }

    @Override
    public int maxParallelism() {
        return spec.maxParallelism();
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return spec.keyGroups();
    }

    @Override
    public ProcessingTimeService processingTime() {
        return processingTime;
    }

    @Override
    public MailboxExecutor mailbox() {
        return mailbox;
    }

    @Override
    public RuntimeContext.ExternalPublisher publisher() {
        return publisher;
    }

    @Override
    public long currentProcessingTimeMillis() {
        return processingTime.now();
    }

    @Override
    public long autoWatermarkIntervalMillis() {
        return spec.autoWatermarkIntervalMillis();
    }

    @Override
    public LongCounter counter(String name) {
        return accumulators.counter(name);
    }

    @Override
    public HeapKeyedStateBackend keyedStateBackend() {
        if (backend == null && op.keySelector() != null) {
            backend = new HeapKeyedStateBackend(spec.keyGroups(), spec.maxParallelism());
            backend.setTtlClock(processingTime::now);
        }
        return backend;
    }

    /** The operator's keyed state if it has been created, without creating it (for snapshots). */
    HeapKeyedStateBackend createdBackend() {
        return backend;
    }
}
