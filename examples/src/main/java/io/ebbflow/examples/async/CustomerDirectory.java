package io.ebbflow.examples.async;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A simulated remote customer directory: {@link #lookup} answers later, on one of the directory's own threads,
 * after a delay of up to {@code maxDelayMillis} drawn at random per call, as a database or web service client
 * would. The answer itself is a pure function of the customer id ({@link #customer}), so a run can be checked.
 * One directory per subtask: open it in {@code open}, close it in {@code close}.
 */
public final class CustomerDirectory implements AutoCloseable {

    /** What the directory knows of a customer. */
    public record Customer(int id, String name, String tier) {
    }

    static final String[] TIERS = {"gold", "silver", "bronze"};

    private final ScheduledExecutorService threads;
    private final long maxDelayMicros;
    private final SplittableRandom random;

    public CustomerDirectory(long maxDelayMillis, long seed) {
        this.maxDelayMicros = maxDelayMillis * 1000;
        this.random = new SplittableRandom(seed);
        this.threads = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "customer-directory");
            t.setDaemon(true);
            return t;
        });
    }

    /** The customer with this id (every id exists). */
    public static Customer customer(int id) {
        return new Customer(id, "customer-" + id, TIERS[Math.floorMod(id * 7 + 3, TIERS.length)]);
    }

    /** Looks the customer up; the future completes on a directory thread, not the caller's. */
    public CompletableFuture<Customer> lookup(int id) {
        CompletableFuture<Customer> answer = new CompletableFuture<>();
        long delay = maxDelayMicros <= 0 ? 0 : random.nextLong(maxDelayMicros + 1);
        threads.schedule(() -> answer.complete(customer(id)), delay, TimeUnit.MICROSECONDS);
        return answer;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
