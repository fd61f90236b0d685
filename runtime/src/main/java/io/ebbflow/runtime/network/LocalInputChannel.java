package io.ebbflow.runtime.network;

/**
 * Reads a subpartition of a producer in the same TaskExecutor: buffers are handed over in memory, and
 * recycled into the producer's pool once read, so the producer's pool bounds the data in flight.
 */
public final class LocalInputChannel extends InputChannel {

    private final NetworkEnvironment network;
    private final String partitionId;
    private final int subpartitionIndex;
    private volatile ResultSubpartition subpartition;

    public LocalInputChannel(int index, ClassLoader classLoader, NetworkEnvironment network, String partitionId,
            int subpartitionIndex) {
        super(index, classLoader);
        this.network = network;
        this.partitionId = partitionId;
        this.subpartitionIndex = subpartitionIndex;
    }

    @Override
    public void start() {
        network.requestLocal(partitionId, subpartitionIndex, s -> {
            subpartition = s;
            s.setListener(this::notifyAvailable);
        }, this::fail);
    }

    @Override
    public NetworkBuffer pollBuffer() {
        ResultSubpartition s = subpartition;
        return s == null ? null : s.poll();
    }

    @Override
    public boolean hasData() {
        ResultSubpartition s = subpartition;
        return s != null && !s.isEmpty();
    }

    @Override
    public void release() {
        ResultSubpartition s = subpartition;
        if (s != null) {
            s.setListener(null);
        }
    }
}
