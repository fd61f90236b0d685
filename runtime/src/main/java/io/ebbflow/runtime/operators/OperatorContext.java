package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.KeyGroupRange;

/** What an operator instance knows of its subtask. */
public interface OperatorContext {

    String jobId();

    String taskName();

    String operatorId();

    String operatorName();

    int subtaskIndex();

    int parallelism();

    int maxParallelism();

    KeyGroupRange keyGroupRange();

    ProcessingTimeService processingTime();

    /** Hands work from other threads to the subtask's thread, and lets the operator wait for it. */
    MailboxExecutor mailbox();

    RuntimeContext.ExternalPublisher publisher();

    /** How often watermark generators are asked for a watermark. */
    long autoWatermarkIntervalMillis();

    /** The job accumulator {@code name} of this subtask. */
    io.ebbflow.api.accumulators.LongCounter counter(String name);

    /** The keyed state of this operator (created on first use; keyed operators only). */
    HeapKeyedStateBackend keyedStateBackend();
}
