package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.examples.async.AsyncEnrichment;
import io.ebbflow.examples.async.AsyncEnrichment.EnrichedOrder;
import io.ebbflow.examples.async.AsyncEnrichment.Order;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The async I/O example on the local runner, against the enrichment computed here for every order. */
class AsyncEnrichmentExampleTest {

    @ParameterizedTest(name = "ordered={0}, parallelism {1}, capacity {2}")
    @CsvSource({"true, 1, 5", "true, 2, 50", "false, 1, 5", "false, 2, 50"})
    void everyOrderIsEnrichedOnceWithItsCustomer(boolean ordered, int parallelism, int capacity) throws Exception {
        long count = 3_000;
        String sink = "async-example-" + ordered + parallelism + capacity;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism);
        DataStream<Order> orders = env.fromSource(GeneratorSource.of(AsyncEnrichment::order, count, 0),
                WatermarkStrategy.noWatermarks(), "Orders");
        AsyncEnrichment.enrich(orders, ordered, capacity, 30_000, 2).addSink(new CollectSink<>(sink));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofMinutes(2));
        }
        List<EnrichedOrder> expected = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            expected.add(expectedEnrichment(i));
        }
        List<EnrichedOrder> out = CollectSink.results(sink);
        if (ordered && parallelism == 1) {
            assertThat(out).containsExactlyElementsOf(expected);
        } else {
            assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(out.stream().map(EnrichedOrder::tier).distinct()).as("every tier appears")
                .containsExactlyInAnyOrder("gold", "silver", "bronze");
    }

    /** What order {@code i} becomes: its customer's name and tier, and the tier's discount (10, 5 or 0 %). */
    private static EnrichedOrder expectedEnrichment(long i) {
        Order o = AsyncEnrichment.order(i);
        String tier = switch (Math.floorMod(o.customerId() * 7 + 3, 3)) {
            case 0 -> "gold";
            case 1 -> "silver";
            default -> "bronze";
        };
        int discount = switch (tier) {
            case "gold" -> 10;
            case "silver" -> 5;
            default -> 0;
        };
        return new EnrichedOrder(i, o.customerId(), "customer-" + o.customerId(), tier, o.amountCents(),
                o.amountCents() * (100 - discount) / 100);
    }
}
