package io.ebbflow.core.protocol;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/** Registers the codec of every message type with a Vert.x instance, once. */
public final class ProtocolCodecs {

    private static final Set<EventBus> REGISTERED = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    private ProtocolCodecs() {
    }

    /**
     * Registers codecs for {@link Endpoints#MESSAGE_TYPES} as default codecs of their classes.
     * Repeated calls for the same Vert.x instance do nothing.
     *
     * @param maxMessageBytes larger messages are refused on receipt
     */
    public static void register(Vertx vertx, long maxMessageBytes) {
        EventBus bus = vertx.eventBus();
        if (!REGISTERED.add(bus)) {
            return;
        }
        for (Class<? extends ProtocolMessage> type : Endpoints.MESSAGE_TYPES) {
            registerOne(bus, type, maxMessageBytes);
        }
    }

    private static <T extends ProtocolMessage> void registerOne(EventBus bus, Class<T> type, long max) {
        bus.registerDefaultCodec(type, new ProtocolCodec<>(type, max));
    }
}
