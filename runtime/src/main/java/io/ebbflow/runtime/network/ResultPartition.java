package io.ebbflow.runtime.network;

/**
 * The output of one producer subtask over one edge: a subpartition per consumer channel, and the
 * buffer pool they are filled from.
 *
 * @param id unique in the cluster: the producer's execution id and the output's index
 */
public final class ResultPartition {

    private final String jobId;
    private final String id;
    private final ResultSubpartition[] subpartitions;
    private final BufferPool pool;

    private final java.util.concurrent.atomic.AtomicInteger unconsumed;
    private volatile Runnable onFullyConsumed;

    /** @param jobId the producer's job: only subscriptions proving its secret are served over TCP */
    public ResultPartition(String jobId, String id, int numSubpartitions, BufferPool pool) {
        this.jobId = jobId;
        this.id = id;
        this.subpartitions = new ResultSubpartition[numSubpartitions];
        this.unconsumed = new java.util.concurrent.atomic.AtomicInteger(numSubpartitions);
        for (int i = 0; i < numSubpartitions; i++) {
            subpartitions[i] = new ResultSubpartition();
            subpartitions[i].onConsumed(() -> {
                if (unconsumed.decrementAndGet() == 0 && onFullyConsumed != null) {
                    onFullyConsumed.run();
                }
            });
        }
        this.pool = pool;
    }

    /** Called once every consumer has taken the final buffer (the partition can then be dropped). */
    void onFullyConsumed(Runnable callback) {
        this.onFullyConsumed = callback;
    }

    public String jobId() {
        return jobId;
    }

    public String id() {
        return id;
    }

    public int numSubpartitions() {
        return subpartitions.length;
    }

    public ResultSubpartition subpartition(int index) {
        return subpartitions[index];
    }

    public BufferPool pool() {
        return pool;
    }

    public void release() {
        for (ResultSubpartition s : subpartitions) {
            s.release();
        }
        pool.destroy();
    }
}
