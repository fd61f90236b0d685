package io.ebbflow.bench.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Flink side's measurement, as Ebbflow's ThroughputSampler does it: waits for the first record, a warm-up, then
 * samples a counter once per second over the measured window and prints one {@code RESULT} line in the same format.
 */
final class FlinkSampler {

    private FlinkSampler() {
    }

    /**
     * @param inputRecords the input's size (the window fails if the counter reaches it), or Long.MAX_VALUE
     */
    static void run(LongAdder counter, String runtime, int parallelism, long keys, int warmupSeconds, int measureSeconds,
            long submittedNanos, long inputRecords) throws InterruptedException {
        while (counter.sum() == 0) {
            Thread.sleep(1);
        }
        double firstRecordSeconds = (System.nanoTime() - submittedNanos) / 1e9;
        long next = System.nanoTime();
        for (int s = 0; s < warmupSeconds; s++) {
            next += 1_000_000_000L;
            sleepUntil(next);
        }
        long startCount = counter.sum();
        long startNanos = System.nanoTime();
        long previous = startCount;
        List<Long> perSecond = new ArrayList<>();
        for (int s = 0; s < measureSeconds; s++) {
            next += 1_000_000_000L;
            sleepUntil(next);
            long now = counter.sum();
            perSecond.add(now - previous);
            previous = now;
        }
        long records = counter.sum() - startCount;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (counter.sum() >= inputRecords) {
            System.out.println("ERROR the input (" + inputRecords + " records) ran out before the measured window ended;"
                    + " fill the topic with more");
            System.exit(3);
        }
        System.out.printf(Locale.ROOT,
                "RESULT runtime=%s parallelism=%d keys=%d window=%ds records=%d rate=%.0f per_second_min=%d per_second_max=%d first_record_s=%.2f%n",
                runtime, parallelism, keys, measureSeconds, records, records / seconds,
                perSecond.stream().mapToLong(Long::longValue).min().orElse(0),
                perSecond.stream().mapToLong(Long::longValue).max().orElse(0), firstRecordSeconds);
        System.out.flush();
    }

    /** The sampler waits for wall-clock instants; this is the benchmark's clock. */
    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
