package io.ebbflow.examples.kafka;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One records-in counter per JVM for {@link KafkaCount}'s counting subtasks, sampled every 100 ms into
 * {@code <dir>/records-in-<pid>.csv} as {@code epochMillis,total} lines. The counter outlives the job's class loader:
 * it is kept in the system properties (a JDK type, so every deployment of the job in this JVM, before and after a
 * rescale, finds the same one), and the sampler is started by whichever subtask opens first.
 */
final class RecordsInSamples {

    private static final String KEY = "io.ebbflow.examples.kafka.records-in";
    private static final long INTERVAL_MILLIS = 100;

    private RecordsInSamples() {
    }

    /** This JVM's counter; the first call starts its sampler, writing into {@code dir}. */
    static LongAdder counter(Path dir) {
        LongAdder counter = new LongAdder();
        Object existing = System.getProperties().putIfAbsent(KEY, counter);
        if (existing != null) {
            return (LongAdder) existing;
        }
        Path file = dir.resolve("records-in-" + ProcessHandle.current().pid() + ".csv");
        BufferedWriter out;
        try {
            Files.createDirectories(dir);
            out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the records-in samples to " + file, e);
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "records-in-samples");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> write(out, counter), 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return counter;
    }

    private static void write(BufferedWriter out, LongAdder counter) {
        try {
            out.write(System.currentTimeMillis() + "," + counter.sum() + "\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a records-in sample", e);
        }
    }
}
