package io.ebbflow.api;

/**
 * Bounds and defaults of operator parallelism, the numbers every job declares about itself.
 *
 * <p>Every vertex of a job carries {@code (min, target, max)} with {@code 1 <= min <= target <= max <=
 * }{@link #UPPER_BOUND}. {@code max} is also the number of key groups of keyed state and can never
 * change while that state exists. When a job does not set it, it is derived from the configured
 * parallelism by {@link #defaultMaxParallelism(int)}, the same rule Apache Flink uses, so a job
 * moved from Flink keeps the same number of key groups.
 */
public final class Parallelism {

    /** The largest parallelism and max parallelism any vertex may have (2^15). */
    public static final int UPPER_BOUND = 1 << 15;

    /** The smallest max parallelism the default rule produces (2^7). */
    public static final int DEFAULT_LOWER_BOUND = 1 << 7;

    private Parallelism() {
    }

    /**
     * The max parallelism a vertex gets when the user sets none: {@code p * 1.5} rounded up to a power of
     * two, at least 128 and at most 32768.
     *
     * @param parallelism the configured parallelism; values below 1 count as 1
     * @return the default max parallelism, in {@code [128, 32768]}
     */
    public static int defaultMaxParallelism(int parallelism) {
        int p = Math.max(1, parallelism);
        long wanted = (long) p + p / 2;
        return (int) Math.min(Math.max(roundUpToPowerOfTwo(wanted), DEFAULT_LOWER_BOUND), UPPER_BOUND);
    }

    /**
     * Checks one vertex's bounds and throws with a message that names what is wrong.
     *
     * @param what a name for the error message, for example {@code "vertex 'map'"}
     * @throws IllegalArgumentException unless {@code 1 <= min <= target <= max <= 32768}
     */
    public static void checkBounds(String what, int min, int target, int max) {
        if (min < 1) {
            throw new IllegalArgumentException(what + ": min parallelism must be at least 1, got " + min);
        }
        if (target < min) {
            throw new IllegalArgumentException(
                    what + ": target parallelism " + target + " is below min parallelism " + min);
        }
        if (max < target) {
            throw new IllegalArgumentException(
                    what + ": max parallelism " + max + " is below target parallelism " + target);
        }
        if (max > UPPER_BOUND) {
            throw new IllegalArgumentException(
                    what + ": max parallelism " + max + " exceeds the upper bound " + UPPER_BOUND);
        }
    }

    static long roundUpToPowerOfTwo(long x) {
        if (x <= 1) {
            return 1;
        }
        return Long.highestOneBit(x - 1) << 1;
    }
}
