package io.ebbflow.examples.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebbflow.api.serialization.DeserializationSchema;
import io.ebbflow.api.serialization.SerializationSchema;
import java.io.IOException;

/** Orders as JSON lines, both ways (Jackson). A line that is not an order fails with what is wrong in it. */
public final class OrderJson implements DeserializationSchema<Order>, SerializationSchema<Order> {

    private static final long serialVersionUID = 1L;
    private transient ObjectMapper mapper;

    private ObjectMapper mapper() {
        if (mapper == null) {
            mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
        }
        return mapper;
    }

    @Override
    public Order deserialize(byte[] message) throws IOException {
        return mapper().readValue(message, Order.class);
    }

    @Override
    public byte[] serialize(Order order) {
        try {
            return mapper().writeValueAsBytes(order);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write order " + order, e);
        }
    }
}
