package io.ebbflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The records-in samples of one scale-out run: one series of {@code epochMillis,total} lines per JVM that ran counting
 * subtasks (written every {@code intervalMillis} by the job on either runtime), and what they say about a window of
 * wall-clock time: how many records the counting operator took in, and the longest stretch in which it took in none.
 *
 * <p>A pause is measured between samples: the stretch from the last sample that saw records arrive to the next sample
 * that did, over all JVMs together, so it is a lower bound with the sampling interval as its resolution (the true
 * pause may be up to two intervals longer).
 */
record ScaleOutSamples(List<Series> series, long intervalMillis) {

    /** One JVM's samples, in time order: at {@code millis[i]} the counter read {@code totals[i]}. */
    record Series(long[] millis, long[] totals) {

        /** The counter at the last sample at or before {@code at}; 0 before the first. */
        long totalAt(long at) {
            long total = 0;
            for (int i = 0; i < millis.length && millis[i] <= at; i++) {
                total = totals[i];
            }
            return total;
        }
    }

    /** Every {@code *.csv} in {@code dir}, one series each. */
    static ScaleOutSamples read(Path dir, long intervalMillis) throws IOException {
        List<Series> series = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f).stream().filter(l -> l.contains(",")).toList();
                long[] millis = new long[lines.size()];
                long[] totals = new long[lines.size()];
                for (int i = 0; i < lines.size(); i++) {
                    String[] kv = lines.get(i).split(",");
                    millis[i] = Long.parseLong(kv[0].trim());
                    totals[i] = Long.parseLong(kv[1].trim());
                }
                series.add(new Series(millis, totals));
            }
        }
        return new ScaleOutSamples(List.copyOf(series), intervalMillis);
    }

    /** Records taken in between the two instants (by the samples at or before each). */
    long records(long fromMillis, long toMillis) {
        long n = 0;
        for (Series s : series) {
            n += s.totalAt(toMillis) - s.totalAt(fromMillis);
        }
        return n;
    }

    /** Records per second between the two instants. */
    double rate(long fromMillis, long toMillis) {
        return records(fromMillis, toMillis) * 1000.0 / (toMillis - fromMillis);
    }

    /** The longest stretch within {@code [fromMillis, toMillis]} in which no JVM's counter rose, in ms. */
    long longestPause(long fromMillis, long toMillis) {
        List<long[]> active = new ArrayList<>();
        for (Series s : series) {
            for (int i = 0; i < s.millis.length; i++) {
                long before = i == 0 ? 0 : s.totals[i - 1];
                if (s.totals[i] > before) {
                    long start = i == 0 ? s.millis[i] - intervalMillis : s.millis[i - 1];
                    active.add(new long[] {start, s.millis[i]});
                }
            }
        }
        active.sort(Comparator.comparingLong(a -> a[0]));
        long longest = 0;
        long coveredUntil = fromMillis;
        for (long[] a : active) {
            if (a[1] <= coveredUntil) {
                continue;
            }
            if (a[0] >= toMillis) {
                break;
            }
            longest = Math.max(longest, a[0] - coveredUntil);
            coveredUntil = a[1];
        }
        return Math.max(longest, toMillis - coveredUntil);
    }
}
