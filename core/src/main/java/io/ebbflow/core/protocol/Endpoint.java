package io.ebbflow.core.protocol;

/**
 * One request/reply operation: its address, the request type it accepts and the reply type it returns.
 * Servers bind handlers with {@link Inbox}; clients call with {@link BusClient}.
 *
 * @param address the event-bus address
 * @param requestType the only request type the handler accepts
 * @param replyType what a successful reply carries
 */
public record Endpoint<Q extends ProtocolMessage, R extends ProtocolMessage>(String address, Class<Q> requestType,
        Class<R> replyType) {

    /**
     * An endpoint that exists once per service instance (one per TaskExecutor, one per JobMaster).
     *
     * @param <Q> request type
     * @param <R> reply type
     */
    public interface PerInstance<Q extends ProtocolMessage, R extends ProtocolMessage> {

        /** The endpoint of the instance with this id. */
        Endpoint<Q, R> of(String id);

        /** The address pattern, with {@code <id>} for the instance, for docs and logs. */
        String pattern();
    }

    static <Q extends ProtocolMessage, R extends ProtocolMessage> PerInstance<Q, R> perInstance(
            java.util.function.UnaryOperator<String> addressOf, Class<Q> q, Class<R> r) {
        return new PerInstance<>() {
            @Override
            public Endpoint<Q, R> of(String id) {
                return new Endpoint<>(addressOf.apply(Require.id(id, "id")), q, r);
            }

            @Override
            public String pattern() {
                return addressOf.apply("<id>");
            }
        };
    }
}
