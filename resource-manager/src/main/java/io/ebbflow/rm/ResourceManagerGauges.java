package io.ebbflow.rm;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ResourceManager's gauges, under Flink's metric names: registered TaskExecutors, total and free
 * slots. The verticle updates them from the {@link SlotManager} after every change; a scrape reads the
 * last values from another thread.
 */
final class ResourceManagerGauges {

    private final AtomicInteger registeredTaskExecutors = new AtomicInteger();
    private final AtomicInteger slotsTotal = new AtomicInteger();
    private final AtomicInteger slotsAvailable = new AtomicInteger();

    void register(MeterRegistry registry) {
        Gauge.builder("flink.jobmanager.numRegisteredTaskManagers", registeredTaskExecutors, AtomicInteger::get)
                .description("Registered TaskExecutors").register(registry);
        Gauge.builder("flink.jobmanager.taskSlotsTotal", slotsTotal, AtomicInteger::get)
                .description("Slots of all registered TaskExecutors").register(registry);
        Gauge.builder("flink.jobmanager.taskSlotsAvailable", slotsAvailable, AtomicInteger::get)
                .description("Free slots").register(registry);
    }

    void update(SlotManager slotManager) {
        registeredTaskExecutors.set(slotManager.numberOfTaskExecutors());
        slotsTotal.set(slotManager.totalSlots());
        slotsAvailable.set(slotManager.freeSlots());
    }
}
