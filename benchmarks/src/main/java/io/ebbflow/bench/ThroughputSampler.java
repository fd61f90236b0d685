package io.ebbflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Samples a records counter once per second: the first record's arrival, a warm-up, then the measured
 * window, whose rate is printed as a {@code RESULT} line with the per-second minimum and maximum. The
 * same code measures both runtimes (the Flink side has an identical copy in benchmarks-flink).
 */
final class ThroughputSampler {

    private final LongSupplier counter;

    ThroughputSampler(LongSupplier counter) {
        this.counter = counter;
    }

    void run(String runtime, int parallelism, int keys, int warmupSeconds, int measureSeconds, long submittedNanos,
            BooleanSupplier healthy) throws InterruptedException {
        while (counter.getAsLong() == 0) {
            check(healthy);
            Thread.sleep(1);
        }
        double firstRecordSeconds = (System.nanoTime() - submittedNanos) / 1e9;
        long next = System.nanoTime();
        for (int s = 0; s < warmupSeconds; s++) {
            next += 1_000_000_000L;
            sleepUntil(next);
            check(healthy);
        }
        long startCount = counter.getAsLong();
        long startNanos = System.nanoTime();
        long previous = startCount;
        List<Long> perSecond = new ArrayList<>();
        for (int s = 0; s < measureSeconds; s++) {
            next += 1_000_000_000L;
            sleepUntil(next);
            check(healthy);
            long now = counter.getAsLong();
            perSecond.add(now - previous);
            previous = now;
        }
        long records = counter.getAsLong() - startCount;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT,
                "RESULT runtime=%s parallelism=%d keys=%d window=%ds records=%d rate=%.0f per_second_min=%d per_second_max=%d first_record_s=%.2f%n",
                runtime, parallelism, keys, measureSeconds, records, records / seconds,
                perSecond.stream().mapToLong(Long::longValue).min().orElse(0),
                perSecond.stream().mapToLong(Long::longValue).max().orElse(0), firstRecordSeconds);
    }

    private static void check(BooleanSupplier healthy) {
        if (!healthy.getAsBoolean()) {
            throw new IllegalStateException("the job failed during the measurement");
        }
    }

    /** The sampler waits for wall-clock instants; this is the benchmark's clock, not a test wait. */
    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
