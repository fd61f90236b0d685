package io.ebbflow.runtime.network;

/**
 * A buffer of serialized stream elements (records, watermarks, end of partition). Buffers always hold
 * whole elements. A buffer from a pool goes back to it when recycled; the receiver of a buffer recycles it
 * once it has read it.
 */
public final class NetworkBuffer {

    private final byte[] data;
    private int size;
    private final Recycler recycler;

    /** Where a buffer goes back to. */
    @FunctionalInterface
    public interface Recycler {
        void recycle(NetworkBuffer buffer);
    }

    public NetworkBuffer(byte[] data, int size, Recycler recycler) {
        this.data = data;
        this.size = size;
        this.recycler = recycler;
    }

    public byte[] data() {
        return data;
    }

    public int size() {
        return size;
    }

    public int free() {
        return data.length - size;
    }

    public void append(byte[] src, int off, int len) {
        System.arraycopy(src, off, data, size, len);
        size += len;
    }

    void clear() {
        size = 0;
    }

    public void recycle() {
        if (recycler != null) {
            recycler.recycle(this);
        }
    }
}
