package io.ebbflow.jm.checkpoint;

import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.state.CheckpointPointer;
import io.vertx.core.Future;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a job's newest completed checkpoint is recorded: durably (fenced by the JobMaster's epoch, the record a
 * commit depends on) and in the cluster map {@code ebbflow.checkpoints} (lost with its members, read first by
 * tools). Confined to the JobMaster's event loop.
 */
final class RecordedCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(RecordedCheckpoints.class);

    private final String jobId;
    private final SharedMap<CheckpointPointer> pointers;
    private final CheckpointDurability.DurablePointer durable;
    private final LongSupplier epoch;

    RecordedCheckpoints(String jobId, SharedMap<CheckpointPointer> pointers, CheckpointDurability.DurablePointer durable,
            LongSupplier epoch) {
        this.jobId = jobId;
        this.pointers = pointers;
        this.durable = durable;
        this.epoch = epoch;
    }

    /** Records the checkpoint durably; false if a newer JobMaster leads the job (then nothing may be committed). */
    Future<Boolean> recordDurably(CheckpointPointer pointer) {
        return durable.record(pointer);
    }

    /** Records the checkpoint in the cluster map too, once it is complete (best effort: the durable record counts). */
    void recordInCluster(CheckpointPointer pointer) {
        pointers.write(jobId, SharedMap.ANY_VERSION, epoch.getAsLong(), pointer)
                .onFailure(e -> LOG.warn("Could not record checkpoint {} of job {} in the cluster: {}",
                        pointer.checkpointId(), jobId, e.toString()));
    }

    /** The newest checkpoint recorded in the cluster map or in the durable store, or null. */
    Future<CheckpointPointer> newest() {
        Future<CheckpointPointer> inMap = pointers.get(jobId)
                .map(v -> v == null ? null : v.value())
                .recover(e -> {
                    LOG.warn("Job {}: the latest checkpoint recorded in the cluster cannot be read ({})", jobId, e.toString());
                    return Future.succeededFuture(null);
                });
        Future<CheckpointPointer> inStore = durable.latest()
                .map(o -> o.orElse(null))
                .recover(e -> {
                    LOG.warn("Job {}: the latest checkpoint recorded in the durable store cannot be read ({})", jobId,
                            e.toString());
                    return Future.succeededFuture(null);
                });
        return Future.all(inMap, inStore).map(both -> {
            CheckpointPointer a = inMap.result();
            CheckpointPointer b = inStore.result();
            return a == null ? b : b == null ? a : a.checkpointId() >= b.checkpointId() ? a : b;
        });
    }
}
