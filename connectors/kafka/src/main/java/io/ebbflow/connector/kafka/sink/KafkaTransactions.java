package io.ebbflow.connector.kafka.sink;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The broker side of {@link TransactionRecovery}: lists and describes the prefix's transactions with the Admin
 * client, commits a recorded transaction from a fresh producer ({@link ProducerInternals#resume}), and aborts a
 * lingering one by initializing a producer with its transactional id (which fences the old producer and aborts its
 * open transaction). Every call is bounded by {@code timeout} (the sink's {@code max.block.ms}).
 */
final class KafkaTransactions {

    private final Admin admin;
    private final Properties producerConfig;
    private final Duration timeout;

    KafkaTransactions(Admin admin, Properties producerConfig, Duration timeout) {
        this.admin = admin;
        this.producerConfig = producerConfig;
        this.timeout = timeout;
    }

    /** The transactional ids of {@code prefix} with an open transaction. */
    List<String> open(String prefix) throws Exception {
        ListTransactionsOptions options = new ListTransactionsOptions()
                .filterStates(List.of(TransactionState.ONGOING))
                .filterOnTransactionalIdPattern(TransactionalIds.pattern(prefix));
        Collection<TransactionListing> listed = await(admin.listTransactions(options).all(), "list the transactions of "
                + "prefix '" + prefix + "'");
        return listed.stream().map(TransactionListing::transactionalId).toList();
    }

    /** What the broker knows of each id; an id it does not know maps to null. */
    Map<String, TransactionDescription> describe(Collection<String> ids) throws Exception {
        Map<String, TransactionDescription> out = new HashMap<>();
        var result = admin.describeTransactions(ids);
        for (String id : ids) {
            try {
                out.put(id, result.description(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
                    throw new KafkaSinkException("could not describe transaction " + id + ": " + e.getCause(),
                            e.getCause());
                }
                out.put(id, null);
            }
        }
        return out;
    }

    /** Commits {@code transaction}, which is still open with its recorded producer id and epoch. */
    void commit(PreCommitted transaction) {
        try (KafkaProducer<byte[], byte[]> producer = producer(transaction.transactionalId())) {
            ProducerInternals.resume(producer, transaction.identity());
            producer.commitTransaction();
        }
    }

    /** Aborts the open transaction of {@code transactionalId} (and fences whichever producer wrote it). */
    void abort(String transactionalId) {
        try (KafkaProducer<byte[], byte[]> producer = producer(transactionalId)) {
            producer.initTransactions();
        }
    }

    private KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        return producer(producerConfig, transactionalId);
    }

    /** A transactional producer for {@code transactionalId}, not yet initialized. */
    static KafkaProducer<byte[], byte[]> producer(Properties producerConfig, String transactionalId) {
        Properties p = new Properties();
        p.putAll(producerConfig);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaSinkException("could not " + what + ": " + e.getCause(), e.getCause());
        }
    }
}
