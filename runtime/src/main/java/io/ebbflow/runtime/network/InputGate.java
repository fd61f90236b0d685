package io.ebbflow.runtime.network;

import java.util.ArrayDeque;
import java.util.List;

/**
 * All input channels of a consumer subtask. The subtask's thread waits here for the next buffer from any
 * channel (channels with data are served in turn); producers, network threads and the subtask's mailbox
 * wake it up.
 */
public final class InputGate {

    private final InputChannel[] channels;
    private final ArrayDeque<InputChannel> available = new ArrayDeque<>();
    private boolean wakeUp;
    private final boolean[] blocked;
    private final WaitTime idle = new WaitTime();

    /** A buffer and the channel it came from. */
    public record Polled(InputChannel channel, NetworkBuffer buffer) {
    }

    public InputGate(List<InputChannel> channels) {
        this.channels = channels.toArray(InputChannel[]::new);
        this.blocked = new boolean[this.channels.length];
        for (InputChannel c : this.channels) {
            c.setGate(this);
        }
    }

    public InputChannel[] channels() {
        return channels;
    }

    public void start() {
        for (InputChannel c : channels) {
            c.start();
        }
    }

    void notifyAvailable(InputChannel channel) {
        synchronized (this) {
            if (!channel.queued) {
                channel.queued = true;
                available.add(channel);
                notify();
            }
        }
    }

    /**
     * Stops handing out the buffers of a channel (it delivered a checkpoint barrier and waits for the
     * others: alignment). Its buffers stay queued, so its producer is back-pressured meanwhile.
     */
    public void block(int channel) {
        synchronized (this) {
            blocked[channel] = true;
        }
    }

    /** Hands out a blocked channel's buffers again. */
    public void unblock(int channel) {
        InputChannel c = channels[channel];
        synchronized (this) {
            blocked[channel] = false;
        }
        if (c.hasData() || c.failure() != null) {
            notifyAvailable(c);
        }
    }

    /** Makes a waiting {@link #poll} return (the mailbox has work). */
    public void wakeUp() {
        synchronized (this) {
            wakeUp = true;
            notify();
        }
    }

    /**
     * The next buffer, waiting at most {@code timeoutNanos}; null on timeout or wake-up.
     *
     * @throws ChannelFailedException if a channel failed
     */
    public Polled poll(long timeoutNanos) throws InterruptedException {
        while (true) {
            InputChannel c;
            synchronized (this) {
                if (available.isEmpty() && !wakeUp && timeoutNanos > 0) {
                    idle.begin(System.nanoTime());
                    long millis = timeoutNanos / 1_000_000;
                    int nanos = (int) (timeoutNanos % 1_000_000);
                    try {
                        wait(millis, nanos);
                    } finally {
                        idle.end(System.nanoTime());
                    }
                }
                if (wakeUp) {
                    wakeUp = false;
                    return null;
                }
                c = available.poll();
                if (c == null) {
                    return null;
                }
                c.queued = false;
                if (blocked[c.index()] && c.failure() == null) {
                    continue; // re-queued by unblock
                }
            }
            if (c.failure() != null) {
                throw new ChannelFailedException(c.failure());
            }
            NetworkBuffer b = c.pollBuffer();
            if (c.hasData()) {
                notifyAvailable(c);
            }
            if (b != null) {
                return new Polled(c, b);
            }
            timeoutNanos = 0;
        }
    }

    /** Total time spent waiting for input, a wait under way included; may be read from any thread. */
    public long idleNanos() {
        return idle.nanos(System.nanoTime());
    }

    public void release() {
        for (InputChannel c : channels) {
            c.release();
        }
    }

    /** An input channel failed; the subtask fails with the cause. */
    public static final class ChannelFailedException extends RuntimeException {
        public ChannelFailedException(Throwable cause) {
            super("input channel failed: " + cause.getMessage(), cause);
        }
    }
}
