package io.ebbflow.runtime.network;

/** Partitions for data-plane tests. */
final class TestPartitions {

    private TestPartitions() {
    }

    /** Registers a partition of {@code jobId} in {@code producer} whose subpartition 0 holds one buffer of {@code data}. */
    static ResultPartition withOneBuffer(NetworkEnvironment producer, String jobId, String partitionId,
            int subpartitions, byte... data) {
        ResultPartition partition = new ResultPartition(jobId, partitionId, subpartitions, new BufferPool(64, 4));
        producer.registerPartition(partition);
        NetworkBuffer b = new NetworkBuffer(new byte[64], 0, x -> { });
        b.append(data, 0, data.length);
        partition.subpartition(0).add(b);
        return partition;
    }
}
