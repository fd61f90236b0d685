package io.ebbflow.connector.kafka.sink;

/** The Kafka sink cannot go on: the message names the topic, servers or transaction concerned and the cause. */
public class KafkaSinkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaSinkException(String message, Throwable cause) {
        super(message, cause);
    }

    public KafkaSinkException(String message) {
        super(message);
    }
}
