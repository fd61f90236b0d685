package io.ebbflow.connector.kafka.source.enumerator;

import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What a {@code KafkaSource} asks the brokers in the JobMaster (partitions of its topics, offsets): an Admin client
 * whose every call is bounded by {@code default.api.timeout.ms} and whose failures name the topics and the bootstrap
 * servers. Blocking: used off the event loop ({@code createSplits}, {@code discoverSplits}), one per call.
 */
public final class KafkaMetadataClient implements OffsetsInitializer.PartitionOffsetsRetriever, AutoCloseable {

    /** Kafka's default for {@code default.api.timeout.ms}. */
    private static final int DEFAULT_API_TIMEOUT_MS = 60_000;
    /** Beyond the Admin's own timeout, so its error (which names the cause) arrives first. */
    private static final long WAIT_MARGIN_MS = 5_000;

    private final Admin admin;
    private final String bootstrapServers;
    private final String groupId;
    private final int apiTimeoutMs;
    private final IsolationLevel isolation;

    private KafkaMetadataClient(Admin admin, String bootstrapServers, String groupId, int apiTimeoutMs,
            IsolationLevel isolation) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.apiTimeoutMs = apiTimeoutMs;
        this.isolation = isolation;
    }

    /** A client for the source's properties ({@code bootstrap.servers}, {@code group.id}, security, timeouts). */
    public static KafkaMetadataClient create(Map<String, String> sourceProperties, String clientId) {
        String bootstrap = sourceProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        int timeout = Integer.parseInt(sourceProperties.getOrDefault(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Integer.toString(DEFAULT_API_TIMEOUT_MS)));
        Properties props = new Properties();
        sourceProperties.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        IsolationLevel isolation = IsolationLevel.valueOf(sourceProperties.getOrDefault(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted").toUpperCase(Locale.ROOT));
        try {
            return new KafkaMetadataClient(Admin.create(props), bootstrap,
                    sourceProperties.get(ConsumerConfig.GROUP_ID_CONFIG), timeout, isolation);
        } catch (KafkaException e) {
            throw new IllegalStateException("Kafka source: cannot create a client for bootstrap servers '" + bootstrap
                    + "': " + rootMessage(e), e);
        }
    }

    /** The partitions {@code selection} reads, sorted by topic and partition. A named topic that is missing fails. */
    public List<TopicPartition> partitions(TopicSelection selection) {
        Set<String> topics = selection.namedTopics();
        if (topics == null) {
            topics = new TreeSet<>(await(admin.listTopics(new ListTopicsOptions().timeoutMs(apiTimeoutMs)).names(),
                    "listing the topics"));
            topics.removeIf(t -> !selection.matches(t));
            if (topics.isEmpty()) {
                return List.of();
            }
        }
        String what = "describing " + (topics.size() == 1 ? "topic " : "topics ") + topics;
        Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(topics,
                new org.apache.kafka.clients.admin.DescribeTopicsOptions().timeoutMs(apiTimeoutMs)).topicNameValues();
        List<TopicPartition> all = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> e : futures.entrySet()) {
            try {
                TopicDescription d = await(e.getValue(), what);
                d.partitions().forEach(p -> all.add(new TopicPartition(d.name(), p.partition())));
            } catch (IllegalStateException ex) {
                if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw ex;
                }
                missing.add(e.getKey());
            }
        }
        if (!missing.isEmpty() && selection.namedTopics() != null) {
            throw new IllegalStateException("Kafka source: " + (missing.size() == 1 ? "topic '" + missing.get(0)
                    + "' does" : "topics " + missing + " do") + " not exist at bootstrap servers '" + bootstrapServers
                    + "' (the source does not create topics)");
        }
        List<TopicPartition> selected = selection.select(all);
        if (selection.fixedPartitions() != null && selected.size() < selection.fixedPartitions().size()) {
            List<TopicPartition> absent = new ArrayList<>(selection.fixedPartitions());
            absent.removeAll(selected);
            throw new IllegalStateException("Kafka source: " + (absent.size() == 1 ? "partition " + absent.get(0)
                    + " does" : "partitions " + absent + " do") + " not exist at bootstrap servers '" + bootstrapServers
                    + "'");
        }
        return selected;
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets(Collection<TopicPartition> partitions) {
        if (groupId == null || partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetAndMetadata> committed = await(admin.listConsumerGroupOffsets(
                Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)),
                new org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions().timeoutMs(apiTimeoutMs))
                .partitionsToOffsetAndMetadata(groupId), "reading the committed offsets of group '" + groupId + "'");
        Map<TopicPartition, Long> out = new HashMap<>();
        committed.forEach((tp, om) -> {
            if (om != null && om.offset() >= 0) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return listOffsets(partitions, tp -> OffsetSpec.latest(), "reading the end offsets");
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return listOffsets(partitions, tp -> OffsetSpec.earliest(), "reading the earliest offsets");
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
        Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = listOffsetsInfo(timestampsToSearch.keySet(),
                tp -> OffsetSpec.forTimestamp(timestampsToSearch.get(tp)), "searching offsets by timestamp");
        found.forEach((tp, info) -> {
            if (info.offset() >= 0) {
                out.put(tp, new OffsetAndTimestamp(info.offset(), info.timestamp()));
            }
        });
        return out;
    }

    private Map<TopicPartition, Long> listOffsets(Collection<TopicPartition> partitions,
            Function<TopicPartition, OffsetSpec> spec, String what) {
        Map<TopicPartition, Long> out = new HashMap<>();
        listOffsetsInfo(partitions, spec, what).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> listOffsetsInfo(
            Collection<TopicPartition> partitions, Function<TopicPartition, OffsetSpec> spec, String what) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec.apply(tp)));
        return await(admin.listOffsets(request, new ListOffsetsOptions(isolation).timeoutMs(apiTimeoutMs)).all(),
                what + " of " + new TreeSet<>(partitions.stream().map(TopicPartition::toString).toList()));
    }

    private <V> V await(KafkaFuture<V> future, String what) {
        try {
            return future.get(apiTimeoutMs + WAIT_MARGIN_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw failure(what, e);
        }
    }

    private IllegalStateException failure(String what, Throwable cause) {
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof java.util.concurrent.TimeoutException) {
            return new IllegalStateException("Kafka source: the brokers at '" + bootstrapServers + "' did not answer within "
                    + apiTimeoutMs + " ms (default.api.timeout.ms) while " + what + ": " + rootMessage(cause), cause);
        }
        return new IllegalStateException("Kafka source: " + what + " at bootstrap servers '" + bootstrapServers
                + "' failed: " + rootMessage(cause), cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t) : t + " (" + root + ")";
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
