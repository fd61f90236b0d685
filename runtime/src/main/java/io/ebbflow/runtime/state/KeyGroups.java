package io.ebbflow.runtime.state;

/**
 * Flink's key-group assignment, byte for byte (spec §5): a key's group is the MurmurHash3 finaliser of
 * its {@code hashCode()} modulo the max parallelism; group {@code kg} belongs to subtask
 * {@code kg * p / maxP}; subtask i owns the contiguous range that maps to it.
 */
public final class KeyGroups {

    private KeyGroups() {
    }

    /** MurmurHash3 x86_32 of one 4-byte block, seed 0, made non-negative (Flink's {@code MathUtils.murmurHash}). */
    public static int murmurHash(int code) {
        int k = code * 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        k *= 0x1b873593;
        k = Integer.rotateLeft(k, 13);
        k = k * 5 + 0xe6546b64;
        k ^= 4;
        k ^= k >>> 16;
        k *= 0x85ebca6b;
        k ^= k >>> 13;
        k *= 0xc2b2ae35;
        k ^= k >>> 16;
        if (k >= 0) {
            return k;
        }
        return k != Integer.MIN_VALUE ? -k : 0;
    }

    /** The key group of a key. */
    public static int assignToKeyGroup(Object key, int maxParallelism) {
        if (key == null) {
            throw new NullPointerException("keys must not be null");
        }
        return murmurHash(key.hashCode()) % maxParallelism;
    }

    /** The subtask that owns a key group. */
    public static int operatorIndexForKeyGroup(int maxParallelism, int parallelism, int keyGroup) {
        return keyGroup * parallelism / maxParallelism;
    }

    /** The subtask that owns a key. */
    public static int operatorIndexForKey(Object key, int maxParallelism, int parallelism) {
        return operatorIndexForKeyGroup(maxParallelism, parallelism, assignToKeyGroup(key, maxParallelism));
    }

    /** The key groups subtask {@code index} of {@code parallelism} owns. */
    public static KeyGroupRange rangeForOperator(int maxParallelism, int parallelism, int index) {
        if (parallelism < 1 || parallelism > maxParallelism || index < 0 || index >= parallelism) {
            throw new IllegalArgumentException("subtask " + index + " of " + parallelism + " with max parallelism "
                    + maxParallelism);
        }
        int start = (index * maxParallelism + parallelism - 1) / parallelism;
        int end = ((index + 1) * maxParallelism - 1) / parallelism;
        return new KeyGroupRange(start, end);
    }
}
