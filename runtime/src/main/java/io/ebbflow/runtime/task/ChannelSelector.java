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
}
