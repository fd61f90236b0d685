package io.ebbflow.examples.async;

import io.ebbflow.api.AsyncDataStream;
import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.ExactlyOnceFileSink;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.OpenContext;
import io.ebbflow.api.functions.ResultFuture;
import io.ebbflow.api.functions.RichAsyncFunction;
import io.ebbflow.api.utils.ParameterTool;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asynchronous I/O: a stream of orders is enriched with each order's customer, looked up in a remote directory
 * (simulated by {@link CustomerDirectory}, which answers after a random delay on its own threads) without
 * waiting for one answer before asking the next: up to {@code --capacity} lookups are in flight per subtask.
 * What Flink's async I/O example shows, written for Ebbflow: the same job in ordered mode (results in the order
 * of the orders) or unordered mode (each result as soon as its answer comes). Order {@code i} is a pure function
 * of {@code i} ({@link #order}), so a run can be checked, and the lookups still in flight at a checkpoint are part
 * of it, so with {@code --output} every enriched order is written exactly once, even through a rescale.
 *
 * <p>Arguments: {@code --count N} orders (unbounded), {@code --rate orders/s} (100; 0 = as fast as possible),
 * {@code --mode ordered|unordered} (ordered), {@code --capacity N} (100), {@code --timeout-ms MS} (10000),
 * {@code --max-delay-ms MS} (20), {@code --checkpoint-interval MS} (1000; 0 = none), {@code --output DIR}
 * (exactly-once files, committed at each checkpoint; otherwise print).
 */
public final class AsyncEnrichment {

    /** An order of a customer. */
    public record Order(long id, int customerId, long amountCents) {
    }

    /** An order with its customer's name and tier, and the amount after the tier's discount. */
    public record EnrichedOrder(long orderId, int customerId, String customerName, String tier, long amountCents,
            long dueCents) {
    }

    static final int CUSTOMERS = 50;

    private AsyncEnrichment() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        long checkpointInterval = params.getLong("checkpoint-interval", 1000);
        if (checkpointInterval > 0) {
            env.enableCheckpointing(checkpointInterval);
        }
        DataStream<Order> orders = env.fromSource(GeneratorSource.of(AsyncEnrichment::order,
                params.getLong("count", Long.MAX_VALUE), params.getDouble("rate", 100)),
                WatermarkStrategy.noWatermarks(), "Orders").uid("orders");
        DataStream<EnrichedOrder> enriched = enrich(orders, !"unordered".equals(params.get("mode", "ordered")),
                params.getInt("capacity", 100), params.getLong("timeout-ms", 10_000), params.getLong("max-delay-ms", 20));
        if (params.has("output")) {
            enriched.addSink(new ExactlyOnceFileSink<>(params.getRequired("output"))).name("Enriched to files").uid("files");
        } else {
            enriched.print().name("Print enriched");
        }
        env.execute("AsyncEnrichment");
    }

    /** Order {@code i}: a pure function of {@code i}. */
    public static Order order(long i) {
        long mixed = (i + 1) * 0x9E3779B97F4A7C15L;
        int customer = (int) Math.floorMod(mixed >>> 17, (long) CUSTOMERS);
        long amount = 100 + Math.floorMod(mixed >>> 29, 99_900L);
        return new Order(i, customer, amount);
    }

    /** The enriched order the job emits for {@code order} (what the lookup adds, and the discount). */
    public static EnrichedOrder expected(Order order) {
        CustomerDirectory.Customer c = CustomerDirectory.customer(order.customerId());
        return new EnrichedOrder(order.id(), c.id(), c.name(), c.tier(), order.amountCents(),
                order.amountCents() * (100 - discountPercent(c.tier())) / 100);
    }

    static int discountPercent(String tier) {
        return switch (tier) {
            case "gold" -> 10;
            case "silver" -> 5;
            default -> 0;
        };
    }

    /** The orders enriched through the directory, at most {@code capacity} lookups in flight per subtask. */
    public static DataStream<EnrichedOrder> enrich(DataStream<Order> orders, boolean ordered, int capacity,
            long timeoutMillis, long maxDelayMillis) {
        Enrich lookup = new Enrich(maxDelayMillis);
        return (ordered
                ? AsyncDataStream.orderedWait(orders, lookup, timeoutMillis, TimeUnit.MILLISECONDS, capacity)
                : AsyncDataStream.unorderedWait(orders, lookup, timeoutMillis, TimeUnit.MILLISECONDS, capacity))
                .name("Look up customers").uid("lookup");
    }

    /** Asks the directory for each order's customer; the answer completes the result on the directory's thread. */
    static final class Enrich extends RichAsyncFunction<Order, EnrichedOrder> {
        private final long maxDelayMillis;
        private transient CustomerDirectory directory;

        Enrich(long maxDelayMillis) {
            this.maxDelayMillis = maxDelayMillis;
        }

        @Override
        public void open(OpenContext openContext) {
            directory = new CustomerDirectory(maxDelayMillis, getRuntimeContext().getIndexOfThisSubtask());
        }

        @Override
        public void asyncInvoke(Order order, ResultFuture<EnrichedOrder> result) {
            directory.lookup(order.customerId()).whenComplete((customer, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(List.of(new EnrichedOrder(order.id(), customer.id(), customer.name(), customer.tier(),
                            order.amountCents(), order.amountCents() * (100 - discountPercent(customer.tier())) / 100)));
                }
            });
        }

        @Override
        public void close() {
            if (directory != null) {
                directory.close();
            }
        }
    }
}
