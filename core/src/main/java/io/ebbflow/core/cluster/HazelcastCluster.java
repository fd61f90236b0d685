package io.ebbflow.core.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The one place that talks to Hazelcast: membership events and the guarded shared maps. Services see
 * only {@link ClusterNode}, {@link ClusterMembership} and {@link SharedMap}.
 *
 * <p>Values are stored as {@code (version, fence, json)} and written by an entry processor that runs on
 * the key's owner, so each write is atomic and checked against the version and epoch guards there.
 * Asynchronous Hazelcast calls complete back on the caller's Vert.x context; the only blocking call
 * (reading a whole map) runs on a worker thread.
 */
final class HazelcastCluster implements ClusterNode {

    /** Hazelcast identified-serialization factory of our map values and processors. */
    static final int FACTORY_ID = 0xEBB;

    private static final ObjectMapper STORE_JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Vertx vertx;
    private final HazelcastInstance hazelcast;
    private final MeterRegistry registry;
    private final Membership membership;
    private final DataMembers.Watch dataMembers;
    private final Republisher republisher;
    private final io.ebbflow.core.security.TlsHandshakeWatch tlsHandshakes;

    /**
     * @param dataMembers for a lite member, the watch that republishes its registrations when a data
     *     member returns (closed with this node); null for a data member
     * @param republisher publishes this node's event-bus registrations again after a merge (closed with this node)
     * @param tlsHandshakes the failed TLS handshakes of this node's Vert.x servers
     */
    HazelcastCluster(Vertx vertx, HazelcastInstance hazelcast, MeterRegistry registry, DataMembers.Watch dataMembers,
            Republisher republisher, io.ebbflow.core.security.TlsHandshakeWatch tlsHandshakes) {
        this.republisher = republisher;
        this.tlsHandshakes = tlsHandshakes;
        this.vertx = vertx;
        this.hazelcast = hazelcast;
        this.registry = registry;
        this.membership = new Membership();
        this.dataMembers = dataMembers;
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public String nodeId() {
        return nodeIdOf(hazelcast.getCluster().getLocalMember());
    }

    /**
     * A member's node id: the id it chose when its process started ({@link ClusterBootstrap#NODE_ID_ATTRIBUTE}),
     * not its Hazelcast UUID, which changes when the member merges back after a split-brain. A service that
     * had registered under the UUID was refused for good after a merge ("node ... is not a member of this
     * cluster"): its JobMaster never got slots again.
     */
    static String nodeIdOf(Member member) {
        String id = member.getAttribute(ClusterBootstrap.NODE_ID_ATTRIBUTE);
        return id != null ? id : member.getUuid().toString();
    }

    /** The Hazelcast member, for tests in this package. */
    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    @Override
    public ClusterMembership membership() {
        return membership;
    }

    @Override
    public <T> SharedMap<T> map(String name, Class<T> type) {
        return new HzSharedMap<>(name, type, hazelcast.getMap(name));
    }

    @Override
    public MeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public io.ebbflow.core.security.TlsHandshakeWatch tlsHandshakes() {
        return tlsHandshakes;
    }

    /** Closes Vert.x (which leaves the event bus), then shuts down the Hazelcast member, which it does not own. */
    @Override
    public Future<Void> close() {
        if (dataMembers != null) {
            dataMembers.close();
        }
        republisher.close();
        return vertx.close().eventually(() -> Future.fromCompletionStage(CompletableFuture.runAsync(
                () -> ClusterBootstrap.shutdownQuietly(hazelcast), r -> {
                    Thread t = new Thread(r, "ebbflow-cluster-leave");
                    t.setDaemon(true);
                    t.start();
                })));
    }

    static DataSerializableFactory serializableFactory() {
        return classId -> switch (classId) {
            case StoredValue.CLASS_ID -> new StoredValue();
            case GuardedWrite.CLASS_ID -> new GuardedWrite();
            case WriteOutcome.CLASS_ID -> new WriteOutcome();
            default -> null;
        };
    }

    private static Context context(Vertx vertx) {
        return vertx.getOrCreateContext();
    }

    /**
     * A Hazelcast call's result, completed on the caller's Vert.x context. The callback is attached with an
     * explicit same-thread executor: Hazelcast's plain {@code whenComplete} runs callbacks on its default async
     * executor, which on a machine with fewer than 3 cores (common pool parallelism 1) starts a new thread for
     * every callback; a ResourceManager writing its slot ledger started thousands of threads a second that way.
     * The callback only hands the result to the context, so running it on Hazelcast's response thread is cheap.
     */
    private <T> Future<T> onCallerContext(CompletionStage<T> call) {
        Context ctx = context(vertx);
        Promise<T> promise = Promise.promise();
        call.whenCompleteAsync((value, failure) -> ctx.runOnContext(v -> {
            if (failure != null) {
                promise.fail(failure);
            } else {
                promise.complete(value);
            }
        }), Runnable::run);
        return promise.future();
    }

    private final class Membership implements ClusterMembership {

        @Override
        public String localNodeId() {
            return nodeId();
        }

        @Override
        public Set<String> liveNodeIds() {
            return hazelcast.getCluster().getMembers().stream()
                    .map(HazelcastCluster::nodeIdOf).collect(Collectors.toUnmodifiableSet());
        }

        @Override
        public Subscription addListener(Listener listener) {
            Context ctx = context(vertx);
            UUID id = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    String node = nodeIdOf(event.getMember());
                    ctx.runOnContext(v -> listener.nodeJoined(node));
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    String node = nodeIdOf(event.getMember());
                    ctx.runOnContext(v -> listener.nodeLeft(node));
                }
            });
            return () -> {
                if (hazelcast.getLifecycleService().isRunning()) {
                    hazelcast.getCluster().removeMembershipListener(id);
                }
            };
        }
    }

    private final class HzSharedMap<T> implements SharedMap<T> {
        private final String name;
        private final Class<T> type;
        private final IMap<String, StoredValue> map;

        HzSharedMap(String name, Class<T> type, IMap<String, StoredValue> map) {
            this.name = name;
            this.type = type;
            this.map = map;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Future<Map<String, Versioned<T>>> entries() {
            return vertx.executeBlocking(() -> {
                Map<String, Versioned<T>> out = new HashMap<>();
                for (Map.Entry<String, StoredValue> e : map.entrySet()) {
                    out.put(e.getKey(), decode(e.getValue()));
                }
                return out;
            }, false);
        }

        @Override
        public Future<Versioned<T>> get(String key) {
            return onCallerContext(map.getAsync(key)).map(this::decode);
        }

        @Override
        public Future<WriteResult<T>> write(String key, long expectedVersion, long writerEpoch, T value) {
            String json;
            try {
                json = value == null ? null : STORE_JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return Future.failedFuture(e);
            }
            GuardedWrite op = new GuardedWrite(expectedVersion, writerEpoch, json);
            return onCallerContext(map.submitToKey(key, op))
                    .map(o -> new WriteResult<>(o.outcome, decode(o.current)));
        }

        private Versioned<T> decode(StoredValue v) {
            if (v == null) {
                return null;
            }
            try {
                return new Versioned<>(v.version, v.fence, STORE_JSON.readValue(v.json, type));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("shared map '" + name + "' holds a value that is not a "
                        + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
            }
        }
    }

    /** A stored value. */
    static final class StoredValue implements IdentifiedDataSerializable {
        static final int CLASS_ID = 1;
        long version;
        long fence;
        String json;

        StoredValue() {
        }

        StoredValue(long version, long fence, String json) {
            this.version = version;
            this.fence = fence;
            this.json = json;
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CLASS_ID;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(version);
            out.writeLong(fence);
            out.writeString(json);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            version = in.readLong();
            fence = in.readLong();
            json = in.readString();
        }
    }

    /** The result of a {@link GuardedWrite}. */
    static final class WriteOutcome implements IdentifiedDataSerializable {
        static final int CLASS_ID = 3;
        WriteResult.Outcome outcome;
        StoredValue current;

        WriteOutcome() {
        }

        WriteOutcome(WriteResult.Outcome outcome, StoredValue current) {
            this.outcome = outcome;
            this.current = current;
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CLASS_ID;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(outcome.ordinal());
            out.writeBoolean(current != null);
            if (current != null) {
                current.writeData(out);
            }
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            outcome = WriteResult.Outcome.values()[in.readInt()];
            if (in.readBoolean()) {
                current = new StoredValue();
                current.readData(in);
            }
        }
    }

    /**
     * Compare-and-set on the key's owner: applies iff the version matches (or any is accepted) and the
     * writer's epoch is at least the stored fence. Runs on primary and backup alike with the same result.
     */
    static final class GuardedWrite implements EntryProcessor<String, StoredValue, WriteOutcome>,
            IdentifiedDataSerializable {
        static final int CLASS_ID = 2;
        long expectedVersion;
        long writerEpoch;
        String json;

        GuardedWrite() {
        }

        GuardedWrite(long expectedVersion, long writerEpoch, String json) {
            this.expectedVersion = expectedVersion;
            this.writerEpoch = writerEpoch;
            this.json = json;
        }

        @Override
        public WriteOutcome process(Map.Entry<String, StoredValue> entry) {
            StoredValue cur = entry.getValue();
            if (cur != null && writerEpoch < cur.fence) {
                return new WriteOutcome(WriteResult.Outcome.FENCED, cur);
            }
            long curVersion = cur == null ? SharedMap.ABSENT : cur.version;
            if (expectedVersion != SharedMap.ANY_VERSION && expectedVersion != curVersion) {
                return new WriteOutcome(WriteResult.Outcome.VERSION_MISMATCH, cur);
            }
            if (json == null) {
                entry.setValue(null);
                return new WriteOutcome(WriteResult.Outcome.APPLIED, null);
            }
            StoredValue next = new StoredValue(curVersion + 1, Math.max(writerEpoch, cur == null ? 0 : cur.fence), json);
            entry.setValue(next);
            return new WriteOutcome(WriteResult.Outcome.APPLIED, next);
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CLASS_ID;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(expectedVersion);
            out.writeLong(writerEpoch);
            out.writeString(json);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            expectedVersion = in.readLong();
            writerEpoch = in.readLong();
            json = in.readString();
        }
    }
}
