package io.ebbflow.runtime.task;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.runtime.state.KeyGroups;

/** Picks the channel (consumer subtask) a record goes to. */
abstract class ChannelSelector {

    /** Broadcast: every channel. */
    static final int ALL = -1;

    abstract int select(Object record) throws Exception;

    /** One channel (forward: the partition has one subpartition). */
    static ChannelSelector single() {
        return new ChannelSelector() {
            @Override
            int select(Object record) {
                return 0;
            }
        };
    }

    static ChannelSelector broadcast() {
        return new ChannelSelector() {
            @Override
            int select(Object record) {
                return ALL;
            }
        };
    }

    /** Round robin, each producer subtask starting at its own index. */
    static ChannelSelector roundRobin(int channels, int start) {
        return new ChannelSelector() {
            private int next = start % channels;

            @Override
            int select(Object record) {
                int c = next;
                next = next + 1 == channels ? 0 : next + 1;
                return c;
            }
        };
    }

    /** By key group of the consumer's max parallelism (Flink's assignment). */
    @SuppressWarnings("unchecked")
    static ChannelSelector byKey(KeySelector<?, ?> keySelector, int maxParallelism, int channels) {
        KeySelector<Object, Object> key = (KeySelector<Object, Object>) keySelector;
        return new ChannelSelector() {
            @Override
            int select(Object record) throws Exception {
                return KeyGroups.operatorIndexForKey(key.getKey(record), maxParallelism, channels);
            }
        };
    }

    /** A random channel per record (seeded per producer subtask, so a run is repeatable). */
    static ChannelSelector shuffle(int channels, int producerIndex) {
        return new ChannelSelector() {
            private final java.util.SplittableRandom random = new java.util.SplittableRandom(0x9E3779B97F4A7C15L * (producerIndex + 1));

            @Override
            int select(Object record) {
                return random.nextInt(channels);
            }
        };
    }

    /** Always the first channel. */
    static ChannelSelector global() {
        return single();
    }

    /**
     * Round robin over this producer's share of the channels (Flink's pointwise split): with p producers and
     * c channels, producer i feeds {@code [floor(i·c/p), floor((i+1)·c/p))} when c ≥ p, else the one channel j
     * whose producer range {@code [floor(j·p/c), floor((j+1)·p/c))} holds i.
     */
    static ChannelSelector rescale(int channels, int producerIndex, int producers) {
        int first;
        int count;
        if (channels >= producers) {
            first = (int) ((long) producerIndex * channels / producers);
            count = (int) ((long) (producerIndex + 1) * channels / producers) - first;
        } else {
            int j = 0;
            while ((long) (j + 1) * producers / channels <= producerIndex) {
                j++;
            }
            first = j;
            count = 1;
        }
        int from = first;
        int n = count;
        return new ChannelSelector() {
            private int next;

            @Override
            int select(Object record) {
                int c = from + next;
                next = next + 1 == n ? 0 : next + 1;
                return c;
            }
        };
    }
}
