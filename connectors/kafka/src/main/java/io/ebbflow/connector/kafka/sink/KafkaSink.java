package io.ebbflow.connector.kafka.sink;

import io.ebbflow.api.functions.CheckpointListener;
import io.ebbflow.api.functions.CheckpointedFunction;
import io.ebbflow.api.functions.RichSinkFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.serialization.SerializationSchema;
import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.connector.base.DeliveryGuarantee;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a stream to Kafka, as Flink's class of the same name: {@code stream.sinkTo(KafkaSink.<T>builder()...build())}.
 *
 * <ul>
 *   <li>{@link DeliveryGuarantee#NONE}: records are sent as they come; nothing waits for the broker.
 *   <li>{@link DeliveryGuarantee#AT_LEAST_ONCE}: at each checkpoint barrier the producer is flushed, so every record
 *       before the barrier is acknowledged by the broker before the checkpoint is.
 *   <li>{@link DeliveryGuarantee#EXACTLY_ONCE}: a two-phase commit with the job's checkpoints. Each subtask writes in
 *       one Kafka transaction between two barriers; at a barrier the transaction is flushed and recorded in the
 *       checkpoint (pre-committed), and it is committed when that checkpoint completes. Each transaction has a
 *       producer of its own, made ahead of need ({@link TransactionalProducers}). When a subtask starts, it
 *       first resolves what earlier runs of the job left ({@link TransactionRecovery}): transactions the restored
 *       checkpoint recorded are committed, every other open transaction of the prefix is aborted.
 * </ul>
 * A record the producer fails to send fails the job (at the next record or barrier at the latest) with the topic
 * and the cause. When it starts, the sink checks that its topic exists (a builder-made serializer) and that the
 * brokers answer, within {@code max.block.ms}.
 */
public class KafkaSink<T> extends RichSinkFunction<T> implements CheckpointedFunction, CheckpointListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    static final String STATE_NAME = "kafka-sink-pre-committed";

    private final Properties producerConfig;
    private final KafkaRecordSerializationSchema<T> serializer;
    private final DeliveryGuarantee guarantee;
    private final String transactionalIdPrefix;

    private transient ListState<PreCommitted> state;
    private transient List<PreCommitted> restored;
    private transient long restoredCheckpointId;
    private transient Duration maxBlock;
    private transient String servers;
    private transient SinkContext context;
    private transient AtomicReference<KafkaSinkException> sendError;
    /** The producer records go to; for EXACTLY_ONCE the one of the open transaction, null between barrier and record. */
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient String transactionalId;
    private transient long nextTransaction;
    private transient List<Pending> pending;
    /** The callback of the topic records went to last: one per topic, not one per record. */
    private transient String callbackTopic;
    private transient Callback callback;
    /** EXACTLY_ONCE: where each transaction's producer comes from, made ahead of need. */
    private transient TransactionalProducers producers;
    /** The topics records went to: a prepared producer fetches their metadata ahead. */
    private transient Set<String> topics;

    /** A pre-committed transaction and the producer that will commit it. */
    private record Pending(PreCommitted transaction, KafkaProducer<byte[], byte[]> producer) {
    }

    KafkaSink(Properties producerConfig, KafkaRecordSerializationSchema<T> serializer, DeliveryGuarantee guarantee,
            String transactionalIdPrefix) {
        this.producerConfig = producerConfig;
        this.serializer = serializer;
        this.guarantee = guarantee;
        this.transactionalIdPrefix = transactionalIdPrefix;
    }

    public static <T> KafkaSinkBuilder<T> builder() {
        return new KafkaSinkBuilder<>();
    }

    public DeliveryGuarantee getDeliveryGuarantee() {
        return guarantee;
    }

    @Override
    public void initializeState(InitializationContext init) throws Exception {
        state = init.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(STATE_NAME, PreCommitted.class));
        restored = new ArrayList<>();
        restoredCheckpointId = 0;
        if (init.isRestored()) {
            state.get().forEach(restored::add);
            restoredCheckpointId = init.getRestoredCheckpointId().orElse(0);
        }
    }

    @Override
    public void open(RuntimeContext runtime) throws Exception {
        super.open(runtime);
        servers = producerConfig.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        maxBlock = Duration.ofMillis(Long.parseLong(producerConfig.getProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG,
                "60000")));
        sendError = new AtomicReference<>();
        pending = new ArrayList<>();
        context = new SinkContext(runtime.getIndexOfThisSubtask(), runtime.getNumberOfParallelSubtasks());
        if (restored == null) { // used without the runtime's state initialization
            restored = new ArrayList<>();
        }
        serializer.open(new SerializationSchema.InitializationContext() {
            @Override
            public int getSubtaskIndex() {
                return context.index;
            }

            @Override
            public int getNumberOfParallelSubtasks() {
                return context.parallelism;
            }
        }, context);
        try (Admin admin = Admin.create(adminConfig())) {
            checkTopic(admin);
            if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                recover(new KafkaTransactions(admin, producerConfig, maxBlock));
            }
        } catch (org.apache.kafka.common.errors.TimeoutException | java.util.concurrent.TimeoutException e) {
            throw unreachable("start", e);
        }
        restored = List.of();
        nextTransaction = restoredCheckpointId + 1;
        topics = new HashSet<>();
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
            producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        } else {
            // After recovery: the first transaction's producer is made ahead, as every later one.
            producers = new TransactionalProducers(producerConfig, maxBlock, "kafka-sink-producers-"
                    + transactionalIdPrefix + "-" + context.index);
            producers.prepare(TransactionalIds.of(transactionalIdPrefix, context.index, nextTransaction), List.of());
        }
    }

    @Override
    public void invoke(T value) throws Exception {
        throwSendError();
        if (producer == null) {
            beginTransaction();
        }
        ProducerRecord<byte[], byte[]> record = serializer.serialize(value, context, null);
        if (record == null) {
            return;
        }
        String topic = record.topic();
        try {
            producer.send(record, callbackFor(topic));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new KafkaSinkException("no metadata for topic '" + topic + "' from Kafka at " + servers + " within "
                    + maxBlock.toMillis() + " ms (max.block.ms): the topic does not exist or the brokers are not "
                    + "reachable", e);
        }
    }

    @Override
    public void snapshotState(long checkpointId) throws Exception {
        if (guarantee == DeliveryGuarantee.AT_LEAST_ONCE) {
            producer.flush();
        } else if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            if (producer != null) {
                producer.flush();
                throwSendError();
                PreCommitted transaction = new PreCommitted(transactionalId, checkpointId,
                        ProducerInternals.identity(producer));
                pending.add(new Pending(transaction, producer));
                LOG.debug("Pre-committed Kafka transaction {} at checkpoint {}", transactionalId, checkpointId);
                producer = null;
            }
            nextTransaction = checkpointId + 1;
            // Made already when checkpoint ids follow each other; else (one was skipped) made from now on.
            producers.prepare(TransactionalIds.of(transactionalIdPrefix, context.index, nextTransaction),
                    List.copyOf(topics));
            state.update(pending.stream().map(Pending::transaction).toList());
        }
        throwSendError();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (pending == null) {
            return;
        }
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (p.transaction().checkpointId() <= checkpointId) {
                commit(p);
                it.remove();
            }
        }
    }

    @Override
    public void finish() throws Exception {
        throwSendError();
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            if (producer != null) {
                producer.flush();
                throwSendError();
                pending.add(new Pending(new PreCommitted(transactionalId, Long.MAX_VALUE,
                        ProducerInternals.identity(producer)), producer));
                producer = null;
            }
            notifyCheckpointComplete(Long.MAX_VALUE);
        } else if (producer != null) {
            producer.flush();
            throwSendError();
        }
    }

    /**
     * Cancelled, failed or finished. The open transaction is aborted (its records are written again by the next
     * run); pre-committed ones are left to the next run, which commits those its checkpoint recorded.
     */
    @Override
    public void close() {
        if (producer != null) {
            if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                try {
                    producer.abortTransaction();
                } catch (RuntimeException e) {
                    LOG.info("Could not abort Kafka transaction {} on close (the next run aborts it): {}",
                            transactionalId, e.toString());
                }
            }
            producer.close(maxBlock);
            producer = null;
        }
        if (pending != null) {
            pending.forEach(p -> p.producer().close(Duration.ZERO));
            pending.clear();
        }
        if (producers != null) {
            producers.close();
            producers = null;
        }
    }

    /**
     * Begins the transaction of the records after the latest barrier, with its producer made ahead, and has the
     * next one's made: the barrier that ends this transaction is most likely checkpoint {@code nextTransaction}, so
     * the next transaction is {@code nextTransaction + 1} (see {@link TransactionalIds}).
     */
    private void beginTransaction() {
        transactionalId = TransactionalIds.of(transactionalIdPrefix, context.index, nextTransaction);
        KafkaProducer<byte[], byte[]> p = null;
        try {
            p = producers.initialized(transactionalId);
            p.beginTransaction();
        } catch (RuntimeException e) {
            if (p != null) {
                p.close(Duration.ZERO);
            }
            if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable("begin transaction " + transactionalId, e);
            }
            throw new KafkaSinkException("could not begin Kafka transaction " + transactionalId + " on " + servers
                    + ": " + e, e);
        }
        producer = p;
        producers.prepare(TransactionalIds.of(transactionalIdPrefix, context.index, nextTransaction + 1),
                List.copyOf(topics));
    }

    private void commit(Pending p) {
        PreCommitted t = p.transaction();
        try {
            p.producer().commitTransaction();
        } catch (RuntimeException e) {
            throw new KafkaSinkException("could not commit Kafka transaction " + t.transactionalId() + " of checkpoint "
                    + t.checkpointId() + " on " + servers + " (a restart from that checkpoint commits it): " + e, e);
        } finally {
            producers.closeLater(p.producer());
        }
        LOG.debug("Committed Kafka transaction {} of checkpoint {}", t.transactionalId(), t.checkpointId());
    }

    /** Resolves what earlier runs left: see {@link TransactionRecovery}. */
    private void recover(KafkaTransactions transactions) throws Exception {
        TransactionRecovery.Plan plan = TransactionRecovery.plan(transactionalIdPrefix, restored,
                transactions.open(transactionalIdPrefix), context.index, context.parallelism);
        if (!plan.toCommit().isEmpty()) {
            var now = transactions.describe(plan.toCommit().stream().map(PreCommitted::transactionalId).toList());
            for (PreCommitted t : plan.toCommit()) {
                var description = now.get(t.transactionalId());
                switch (TransactionRecovery.commitAction(t, description)) {
                    case COMMIT -> {
                        transactions.commit(t);
                        LOG.info("Committed Kafka transaction {} of restored checkpoint {}", t.transactionalId(),
                                t.checkpointId());
                    }
                    case ALREADY_COMMITTED -> LOG.debug("Kafka transaction {} of restored checkpoint {} was committed "
                            + "before", t.transactionalId(), t.checkpointId());
                    case LOST -> {
                        LOG.error("Kafka transaction {} of checkpoint {} (restored) was aborted before it could be "
                                + "committed: the records this subtask wrote before that checkpoint's barrier and after "
                                + "the one before are NOT in Kafka. The broker aborts a transaction after "
                                + "transaction.timeout.ms ({} ms here): the job was down longer than that. Broker now: {}",
                                t.transactionalId(), t.checkpointId(),
                                producerConfig.getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), description);
                        if (description != null
                                && description.state() == org.apache.kafka.clients.admin.TransactionState.ONGOING) {
                            transactions.abort(t.transactionalId());
                        }
                    }
                }
            }
        }
        for (String id : plan.toAbort()) {
            transactions.abort(id);
            LOG.info("Aborted lingering Kafka transaction {} (not in the restored checkpoint {})", id,
                    restoredCheckpointId);
        }
    }

    private void checkTopic(Admin admin) throws Exception {
        if (!(serializer instanceof KafkaRecordSerializationSchemaBuilder.TopicSerializationSchema<T> fixed)) {
            return; // a user's serializer names its topics per record: checked when the producer needs them
        }
        try {
            admin.describeTopics(List.of(fixed.topic())).allTopicNames()
                    .get(maxBlock.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                throw new KafkaSinkException("topic '" + fixed.topic() + "' does not exist on Kafka at " + servers
                        + " (the sink does not create topics: create it first)", e.getCause());
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException t) {
                throw t;
            }
            throw new KafkaSinkException("could not check topic '" + fixed.topic() + "' on Kafka at " + servers + ": "
                    + e.getCause(), e.getCause());
        }
    }

    private Properties adminConfig() {
        Properties p = new Properties();
        producerConfig.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k.toString())) {
                p.put(k, v);
            }
        });
        int timeout = (int) Math.min(Integer.MAX_VALUE, maxBlock.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.min(timeout, 30_000)));
        return p;
    }

    private KafkaSinkException unreachable(String what, Exception cause) {
        return new KafkaSinkException("Kafka at " + servers + " did not answer within " + maxBlock.toMillis()
                + " ms (max.block.ms) when the sink tried to " + what + ": are the brokers running and reachable?",
                cause);
    }

    private Callback callbackFor(String topic) {
        if (callback == null || !topic.equals(callbackTopic)) {
            callback = failure(topic);
            callbackTopic = topic;
            topics.add(topic);
        }
        return callback;
    }

    private Callback failure(String topic) {
        return (metadata, e) -> {
            if (e != null) {
                sendError.compareAndSet(null, new KafkaSinkException("sending a record to topic '" + topic
                        + "' on Kafka at " + servers + " failed: " + e, e));
            }
        };
    }

    private void throwSendError() {
        KafkaSinkException e = sendError.get();
        if (e != null) {
            throw e;
        }
    }

    /** The sink's context for the serializer: the partitions of a topic come from the producer's metadata. */
    private final class SinkContext implements KafkaRecordSerializationSchema.KafkaSinkContext {
        private final int index;
        private final int parallelism;
        private final Map<String, int[]> partitions = new HashMap<>();

        SinkContext(int index, int parallelism) {
            this.index = index;
            this.parallelism = parallelism;
        }

        @Override
        public int getParallelInstanceId() {
            return index;
        }

        @Override
        public int getNumberOfParallelInstances() {
            return parallelism;
        }

        @Override
        public int[] getPartitionsForTopic(String topic) {
            return partitions.computeIfAbsent(topic, t -> producer.partitionsFor(t).stream()
                    .mapToInt(PartitionInfo::partition).sorted().toArray());
        }
    }
}
