package io.ebbflow.runtime.network;

import java.util.ArrayDeque;

/**
 * Reads a subpartition of a producer in another TaskExecutor over a TCP connection, with credit-based
 * flow control: the producer sends a buffer only against a credit, and the channel grants one credit
 * back for every buffer it has finished reading. So at most {@code credits} buffers of this channel are
 * ever in flight or waiting here.
 */
public final class RemoteInputChannel extends InputChannel {

    private final NetworkEnvironment network;
    private final String jobId;
    private final String host;
    private final int port;
    private final String partitionId;
    private final int subpartitionIndex;
    private final int credits;
    private final ArrayDeque<NetworkBuffer> received = new ArrayDeque<>();
    private volatile NetworkEnvironment.ClientConnection connection;
    private volatile int receiverId = -1;
    private volatile boolean released;

    public RemoteInputChannel(int index, ClassLoader classLoader, NetworkEnvironment network, String jobId, String host,
            int port, String partitionId, int subpartitionIndex, int credits) {
        super(index, classLoader);
        this.network = network;
        this.jobId = jobId;
        this.host = host;
        this.port = port;
        this.partitionId = partitionId;
        this.subpartitionIndex = subpartitionIndex;
        this.credits = credits;
    }

    @Override
    public void start() {
        network.connection(host, port).onComplete(ar -> {
            if (ar.failed()) {
                fail(new java.io.IOException("cannot connect to TaskExecutor at " + host + ":" + port + ": "
                        + ar.cause().getMessage(), ar.cause()));
            } else if (!released) {
                connection = ar.result();
                connection.subscribe(this, jobId, partitionId, subpartitionIndex, credits);
            }
        });
    }

    void attached(int receiverId) {
        this.receiverId = receiverId;
    }

    /** A buffer arrived (network thread). */
    void onBuffer(byte[] data, int size) {
        NetworkBuffer b = new NetworkBuffer(data, size, this::bufferRead);
        synchronized (received) {
            received.add(b);
        }
        notifyAvailable();
    }

    /** The producer side failed, or the connection broke. */
    void onError(Throwable cause) {
        if (!released) {
            fail(cause);
        }
    }

    private void bufferRead(NetworkBuffer b) {
        NetworkEnvironment.ClientConnection c = connection;
        if (c != null && !released) {
            c.grantCredit(receiverId, 1);
        }
    }

    @Override
    public NetworkBuffer pollBuffer() {
        synchronized (received) {
            return received.poll();
        }
    }

    @Override
    public boolean hasData() {
        synchronized (received) {
            return !received.isEmpty();
        }
    }

    @Override
    public void release() {
        released = true;
        NetworkEnvironment.ClientConnection c = connection;
        if (c != null && receiverId >= 0) {
            c.cancel(receiverId);
        }
        synchronized (received) {
            received.clear();
        }
    }
}
