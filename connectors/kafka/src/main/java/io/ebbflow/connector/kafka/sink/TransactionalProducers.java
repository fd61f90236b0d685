package io.ebbflow.connector.kafka.sink;

import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producers of one EXACTLY_ONCE sink subtask, one per transaction, made ahead of need on a thread
 * of their own. Making one (a {@code KafkaProducer}, its connections, {@code initTransactions}: the coordinator
 * registers the transactional id, fencing any earlier producer of it) blocks for about a tenth of a second; the sink
 * asks for the next transaction's producer as soon as a transaction begins ({@link #prepare}), under the id the next
 * checkpoint gives it when checkpoint ids follow each other, so at the next barrier the subtask's thread only begins
 * the transaction. A wrong guess (a checkpoint id skipped) costs a producer made on the subtask's thread, as without
 * preparation; the producer prepared in vain was never in a transaction, so nothing of it lingers on the broker.
 * Producers done with are closed on that thread too.
 *
 * <p>The transactional id scheme ({@link TransactionalIds}) and recovery ({@link TransactionRecovery}) are those of a
 * producer made when needed: only the moment of {@code initTransactions} moves. Used by the subtask's thread.
 */
final class TransactionalProducers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);

    private final Properties producerConfig;
    private final Duration maxBlock;
    private final ExecutorService executor;
    private String preparedId;
    private Future<KafkaProducer<byte[], byte[]>> prepared;

    TransactionalProducers(Properties producerConfig, Duration maxBlock, String threadName) {
        this.producerConfig = producerConfig;
        this.maxBlock = maxBlock;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * An initialized producer of {@code transactionalId}, not in a transaction yet: the one prepared for it, else one
     * made now.
     *
     * @throws RuntimeException Kafka's, when the producer cannot be made or initialized
     */
    KafkaProducer<byte[], byte[]> initialized(String transactionalId) {
        if (transactionalId.equals(preparedId)) {
            Future<KafkaProducer<byte[], byte[]>> f = prepared;
            preparedId = null;
            prepared = null;
            try {
                return f.get();
            } catch (ExecutionException e) {
                LOG.debug("Preparing the producer of Kafka transaction {} failed, making it again: {}", transactionalId,
                        e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeWhenDone(f);
                throw new org.apache.kafka.common.errors.InterruptException(e);
            }
        }
        return initialize(transactionalId);
    }

    /**
     * Starts making the producer of {@code transactionalId} unless it is made already (a producer prepared for another
     * id is closed), and
     * fetches the metadata of {@code topics} with it, so that its first records do not wait for them.
     */
    void prepare(String transactionalId, Collection<String> topics) {
        if (transactionalId.equals(preparedId)) {
            return;
        }
        discardPrepared();
        try {
            prepared = executor.submit(() -> {
                KafkaProducer<byte[], byte[]> p = initialize(transactionalId);
                for (String topic : topics) {
                    try {
                        p.partitionsFor(topic);
                    } catch (RuntimeException e) {
                        LOG.debug("No metadata for topic '{}' yet: {}", topic, e.toString());
                    }
                }
                return p;
            });
            preparedId = transactionalId;
        } catch (RejectedExecutionException afterClose) {
            prepared = null;
        }
    }

    /** Closes {@code producer} (done with: committed or aborted) off the subtask's thread. */
    void closeLater(KafkaProducer<byte[], byte[]> producer) {
        try {
            executor.execute(() -> producer.close(Duration.ZERO));
        } catch (RejectedExecutionException afterClose) {
            producer.close(Duration.ZERO);
        }
    }

    /**
     * Closes the producer prepared and not used, and waits (up to {@code max.block.ms}) for this thread to finish: a
     * preparation still running would otherwise initialize its id after the sink closed, fencing the producer of the
     * next attempt of this subtask that may use the same id.
     */
    @Override
    public void close() {
        discardPrepared();
        executor.shutdown();
        boolean interrupted = Thread.interrupted();
        try {
            if (!executor.awaitTermination(maxBlock.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The Kafka sink's producer thread did not finish within {} ms", maxBlock.toMillis());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void discardPrepared() {
        if (prepared != null) {
            closeWhenDone(prepared);
            prepared = null;
            preparedId = null;
        }
    }

    /** Closes the producer {@code f} makes once it is made (on the producers' thread, after the making). */
    private void closeWhenDone(Future<KafkaProducer<byte[], byte[]>> f) {
        Runnable close = () -> {
            try {
                f.get().close(Duration.ZERO);
            } catch (ExecutionException | InterruptedException | java.util.concurrent.CancellationException e) {
                // never made: nothing to close
            }
        };
        try {
            executor.execute(close);
        } catch (RejectedExecutionException afterShutdown) {
            close.run(); // the making ran or was dropped before: done, so this does not wait
        }
    }

    private KafkaProducer<byte[], byte[]> initialize(String transactionalId) {
        KafkaProducer<byte[], byte[]> p = KafkaTransactions.producer(producerConfig, transactionalId);
        try {
            p.initTransactions();
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw e;
        }
        return p;
    }
}
