package io.ebbflow.runtime.checkpoint;

import java.util.List;

/**
 * One operator's keyed state serialized in memory, one block per key group (taken on the task thread
 * at the barrier; written to disk afterwards, off the task thread).
 */
public record KeyedStateSnapshot(String operatorId, int maxParallelism, List<Block> blocks) {

    /** The serialized state of one key group. */
    public record Block(int keyGroup, byte[] data, long crc) {
    }

    public long bytes() {
        long n = 0;
        for (Block b : blocks) {
            n += b.data().length;
        }
        return n;
    }
}
