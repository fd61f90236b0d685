package io.ebbflow.connector.kafka.sink;

import io.ebbflow.connector.base.DeliveryGuarantee;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds a {@link KafkaSink}, as Flink's {@code KafkaSinkBuilder}: bootstrap servers and a record serializer are
 * required; the delivery guarantee is {@link DeliveryGuarantee#NONE} unless set; {@link DeliveryGuarantee#EXACTLY_ONCE}
 * requires a transactional id prefix unique to the job. Producer properties are passed to Kafka's producer as they
 * are (the serializers and, for EXACTLY_ONCE, {@code transactional.id} are the sink's).
 */
public class KafkaSinkBuilder<T> {

    /**
     * {@code transaction.timeout.ms} unless set: 15 minutes, the broker's default {@code transaction.max.timeout.ms}
     * (a producer asking for more is refused). It must exceed the checkpoint interval plus the time a restart takes,
     * or the broker aborts a pre-committed transaction before the restarted job can commit it.
     */
    public static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000;

    private final Properties properties = new Properties();
    private KafkaRecordSerializationSchema<T> serializer;
    private DeliveryGuarantee guarantee = DeliveryGuarantee.NONE;
    private String transactionalIdPrefix;

    KafkaSinkBuilder() {
    }

    public KafkaSinkBuilder<T> setBootstrapServers(String bootstrapServers) {
        return setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    @SuppressWarnings("unchecked")
    public <V extends T> KafkaSinkBuilder<V> setRecordSerializer(KafkaRecordSerializationSchema<V> serializer) {
        KafkaSinkBuilder<V> self = (KafkaSinkBuilder<V>) this;
        self.serializer = Objects.requireNonNull(serializer, "record serializer");
        return self;
    }

    public KafkaSinkBuilder<T> setDeliveryGuarantee(DeliveryGuarantee guarantee) {
        this.guarantee = Objects.requireNonNull(guarantee, "delivery guarantee");
        return this;
    }

    /**
     * The prefix of the sink's transactional ids ({@code <prefix>-<subtask>-<n>}). Required for EXACTLY_ONCE, and
     * unique among the jobs that write to the same Kafka cluster: a job resolves (commits or aborts) every open
     * transaction of its prefix when it starts, so two jobs with one prefix would abort each other's. Keep it when
     * the job is restored from a checkpoint or savepoint, or its transactions are not found.
     */
    public KafkaSinkBuilder<T> setTransactionalIdPrefix(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("the transactional id prefix must not be empty");
        }
        this.transactionalIdPrefix = prefix;
        return this;
    }

    /** Producer properties (added to those set before). */
    public KafkaSinkBuilder<T> setKafkaProducerConfig(Properties config) {
        config.forEach((k, v) -> properties.put(k.toString(), v.toString()));
        return this;
    }

    public KafkaSinkBuilder<T> setProperty(String key, String value) {
        properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
        return this;
    }

    public KafkaSink<T> build() {
        if (!properties.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalStateException("no bootstrap servers: call setBootstrapServers(...)");
        }
        if (serializer == null) {
            throw new IllegalStateException("no record serializer: call setRecordSerializer(...)");
        }
        if (properties.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            throw new IllegalStateException("transactional.id is set by the sink (from setTransactionalIdPrefix) and "
                    + "must not be given as a producer property");
        }
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && transactionalIdPrefix == null) {
            throw new IllegalStateException("EXACTLY_ONCE needs a transactional id prefix unique to this job: call "
                    + "setTransactionalIdPrefix(...)");
        }
        Properties config = new Properties();
        config.putAll(properties);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(DEFAULT_TRANSACTION_TIMEOUT_MS));
        }
        return new KafkaSink<>(config, serializer, guarantee, transactionalIdPrefix);
    }
}
