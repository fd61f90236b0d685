package io.ebbflow.runtime.task;

import io.ebbflow.runtime.operators.Output;

/** The network outputs of one operator: each record and watermark goes to every one of its record writers. */
final class WriterOutput implements Output<Object> {

    private final RecordWriter[] targets;
    private final TaskMetrics metrics;

    WriterOutput(RecordWriter[] targets, TaskMetrics metrics) {
        this.targets = targets;
        this.metrics = metrics;
    }

    @Override
    public void collect(Object record, long timestamp) {
        metrics.recordOut();
        try {
            for (RecordWriter w : targets) {
                w.emit(record, timestamp);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamTask.CancelledException();
        } catch (Exception e) {
            throw new OperatorChain.ChainException(e);
        }
    }

    @Override
    public void emitWatermark(long watermark) {
        try {
            for (RecordWriter w : targets) {
                w.broadcastWatermark(watermark);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamTask.CancelledException();
        }
    }
}
