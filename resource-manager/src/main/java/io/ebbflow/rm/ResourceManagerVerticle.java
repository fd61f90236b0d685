package io.ebbflow.rm;

import io.ebbflow.core.cluster.ClusterMembership;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.HighAvailabilityOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.ha.AsyncDurableStore;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.ha.LeaderLease;
import io.ebbflow.core.protocol.Addresses;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.Inbox;
import io.ebbflow.core.protocol.ResourceManagerMessages.ResourceManagerStandby;
import io.ebbflow.core.protocol.ResourceManagerMessages.ResourceManagerStarted;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.core.time.VertxTimers;
import io.ebbflow.rm.provider.ResourceProviders;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ResourceManager service. Every {@code resource-manager.jar} started in a cluster joins it; one leads
 * and the others stand by. The {@link LeaderElection} decides who leads through the lease in the durable store;
 * a standby announces itself ({@link ResourceManagerStandby}) and waits, the leader does the work through its
 * {@link ResourceManagerLeader}. A standby takes over when the leader's process leaves the cluster or its lease
 * runs out; a leader that is fenced stops acting at once and exits.
 *
 * <p>This verticle is the single-threaded owner of the election and the leader: every handler, membership
 * event and timer runs on its event loop, and Hazelcast, durable-store and event-bus calls complete back on
 * it. Nothing here blocks.
 */
public final class ResourceManagerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManagerVerticle.class);

    private final ClusterNode node;
    private final Configuration config;
    private final Clock clock;
    private final ServiceContext.ProcessControl process;
    private final ResourceManagerStore store;
    private final ResourceManagerGauges gauges = new ResourceManagerGauges();

    private Timers timers;
    private Inbox inbox;
    private BusClient bus;
    private LeaderElection election;
    private ResourceManagerLeader leader;
    private ClusterMembership.Subscription membershipSubscription;
    private Cancellable standbyAnnouncements = Cancellable.NONE;
    private boolean exiting;
    private volatile long epoch;

    public ResourceManagerVerticle(ServiceContext context, Clock clock) {
        this.node = context.node();
        this.config = context.config();
        this.clock = clock;
        this.process = context.process();
        this.store = new ResourceManagerStore(node);
    }

    /** This ResourceManager's epoch (0 while it stands by). */
    public long epoch() {
        return epoch;
    }

    @Override
    public Future<?> start() {
        timers = new VertxTimers(vertx);
        long maxBytes = config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes();
        bus = new BusClient(vertx, config.get(RpcOptions.ASK_TIMEOUT), maxBytes);
        inbox = new Inbox(vertx, "resource-manager", maxBytes, node.meterRegistry());
        leader = new ResourceManagerLeader(node, config, clock, timers, inbox, bus, store, gauges,
                ResourceProviders.create(vertx, context, config),
                () -> fenced("fenced: a newer ResourceManager owns the slot ledger in the cluster's maps"));
        AsyncDurableStore durable = new AsyncDurableStore(vertx, DurableStore.open(config));
        election = new LeaderElection(node.nodeId(), "resource-manager@" + ProcessHandle.current().pid(),
                new DurableLeases(durable, store), config.get(HighAvailabilityOptions.LEASE_DURATION),
                config.get(HighAvailabilityOptions.LEASE_RENEW_INTERVAL), timers, clock,
                () -> node.membership().liveNodeIds(), new ElectionEvents());
        inbox.subscribe(Addresses.RM_STARTED, ResourceManagerStarted.class, m -> announceStandby());
        membershipSubscription = node.membership().addListener(this::nodeLeft);
        return inbox.ready().onSuccess(v -> {
            LOG.info("ResourceManager on node {} looks for the lease in {}", node.nodeId(),
                    durable.blocking().location());
            standbyAnnouncements = timers.periodic(config.get(HeartbeatOptions.INTERVAL), this::announceStandby);
            election.start();
        });
    }

    /** The election's outcome, carried out on this verticle's event loop. */
    private final class ElectionEvents implements LeaderElection.Listener {
        @Override
        public void elected(LeaderLease lease) {
            standbyAnnouncements.cancel();
            epoch = lease.epoch();
            leader.start(lease.epoch()).onFailure(e -> fenced("ResourceManager epoch " + lease.epoch()
                    + " could not take over: " + e.getMessage()));
        }

        @Override
        public void fenced(String reason) {
            ResourceManagerVerticle.this.fenced(reason);
        }
    }

    private void announceStandby() {
        if (election != null && election.phase() == Leadership.Phase.STANDBY) {
            bus.publish(Addresses.RM_STANDBY, new ResourceManagerStandby(node.nodeId()));
        }
    }

    private void nodeLeft(String nodeId) {
        election.nodeLeft(nodeId);
        leader.nodeLeft(nodeId);
    }

    /** Stops acting at once (no slot request, no share, no write), then exits: a standby leads now. */
    private void fenced(String reason) {
        leader.stopActing();
        if (!exiting) {
            exiting = true;
            process.exit(1, reason);
        }
    }

    @Override
    public Future<?> stop() {
        standbyAnnouncements.cancel();
        if (membershipSubscription != null) {
            membershipSubscription.cancel();
        }
        Future<Void> closed = inbox == null ? Future.succeededFuture() : inbox.close();
        return closed.compose(v -> leader == null ? Future.succeededFuture() : leader.stop())
                .compose(v -> election == null ? Future.succeededFuture() : election.stop())
                .timeout(5, TimeUnit.SECONDS)
                .recover(e -> {
                    LOG.warn("ResourceManager did not stop cleanly: {}", e.toString());
                    return Future.succeededFuture();
                });
    }
}
