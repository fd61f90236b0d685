package io.ebbflow.api.connector;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Cuts a range of longs into contiguous parts of nearly equal size, exactly (no overflow near the ends). */
final class Ranges {

    private Ranges() {
    }

    /**
     * Splits {@code first..last} (inclusive) into at most {@code parts} non-empty ranges, in order; part i
     * (of those returned) is {@code {start, end}}, inclusive. Empty parts (more parts than numbers) are left out.
     */
    static List<long[]> split(long first, long last, int parts) {
        List<long[]> out = new ArrayList<>();
        if (last < first) {
            return out;
        }
        BigInteger total = BigInteger.valueOf(last).subtract(BigInteger.valueOf(first)).add(BigInteger.ONE);
        BigInteger n = BigInteger.valueOf(parts);
        long start = first;
        for (int i = 0; i < parts; i++) {
            BigInteger size = total.multiply(BigInteger.valueOf(i + 1)).divide(n)
                    .subtract(total.multiply(BigInteger.valueOf(i)).divide(n));
            if (size.signum() == 0) {
                continue;
            }
            long end = BigInteger.valueOf(start).add(size).subtract(BigInteger.ONE).longValueExact();
            out.add(new long[] {start, end});
            if (end == last) {
                break;
            }
            start = end + 1;
        }
        return out;
    }
}
