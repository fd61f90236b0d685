package io.ebbflow.api.connector;

import io.ebbflow.api.functions.RichSinkFunction;
import io.ebbflow.api.functions.RuntimeContext;

/**
 * Publishes each record's {@code toString()} to an address of the cluster's event bus, so results can
 * be watched live by any member of the cluster that consumes the address. Delivery is best effort (a
 * publish with no consumer is dropped).
 */
public class EventBusSink<T> extends RichSinkFunction<T> {

    private final String address;
    private transient RuntimeContext.ExternalPublisher publisher;

    public EventBusSink(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("event-bus address must not be blank");
        }
        this.address = address;
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        super.open(context);
        publisher = context.getPublisher();
    }

    @Override
    public void invoke(T value) {
        publisher.publish(address, String.valueOf(value));
    }
}
