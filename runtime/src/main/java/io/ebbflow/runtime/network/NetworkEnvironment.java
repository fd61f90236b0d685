package io.ebbflow.runtime.network;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.security.SecurityRefusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TaskExecutor's data plane. Producer subtasks register their result partitions here; consumer
 * subtasks read them through local channels (same TaskExecutor: buffers handed over in memory) or over
 * TCP (one connection per pair of TaskExecutors, multiplexing every channel between them; see
 * {@link Frames}). A request for a partition that is not registered yet waits for it (its producer may
 * start later) up to {@code requestTimeoutMillis}.
 *
 * <p>Subscriptions are authenticated per job: a subscription names its job and proves it belongs to it with an
 * HMAC of job, partition id and subpartition under the job's secret ({@link JobSecret#SUBSCRIBE}), which its
 * TaskExecutor got with the deployment ({@link #trustJob}); one without the right proof gets an ERROR frame
 * before it would wait for a partition, and a proven one is served only a partition of its own job. One that names
 * a job not deployed here yet waits for that deployment (its consumer may have been deployed first), up to
 * {@code requestTimeoutMillis}. A frame that does not parse closes the connection. Every refusal is counted and
 * logged by {@link SecurityRefusals}.
 *
 * <p>Producer-side sending runs on the accepted connection's event loop, consumer-side receiving on the
 * client connection's; subtasks' threads only touch thread-safe queues.
 */
public final class NetworkEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkEnvironment.class);

    private final Vertx vertx;
    private final long requestTimeoutMillis;
    private final Map<String, ResultPartition> partitions = new ConcurrentHashMap<>();
    private final Map<String, List<Pending>> pending = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger openServerConnections =
            new java.util.concurrent.atomic.AtomicInteger();
    private final DeploymentWaits deploymentWaits;
    private final Map<String, Future<ClientConnection>> connections = new ConcurrentHashMap<>();
    private final SecurityRefusals refusals;
    private final SubscriptionGuard guard;
    private io.ebbflow.core.security.Tls tls;
    private NetServer server;
    private NetClient client;
    private volatile int dataPort = -1;

    private record Pending(int subpartition, Predicate<ResultPartition> allowed, Consumer<ResultSubpartition> onReady,
            Consumer<Throwable> onError, long timerId) {
    }

    public NetworkEnvironment(Vertx vertx, long requestTimeoutMillis) {
        this(vertx, requestTimeoutMillis, SecurityRefusals.standalone("task-executor"));
    }

    public NetworkEnvironment(Vertx vertx, long requestTimeoutMillis, SecurityRefusals refusals) {
        this.vertx = vertx;
        this.requestTimeoutMillis = requestTimeoutMillis;
        this.refusals = refusals;
        this.guard = new SubscriptionGuard(refusals);
        this.deploymentWaits = new DeploymentWaits(vertx, requestTimeoutMillis, guard::knows);
    }

    /**
     * Mutual TLS on this data plane (before {@link #start}): connections present and require certificates of the
     * cluster; a peer without a trusted one is refused, counted and logged.
     */
    public NetworkEnvironment withTls(io.ebbflow.core.security.Tls tls) {
        this.tls = tls;
        return this;
    }

    /**
     * The job's secret, from its deployment: its partitions here serve, and its channels subscribe, with it. The
     * subscriptions that came before it (a consumer deployed elsewhere may subscribe before this TaskExecutor got its
     * own deployment) are checked now.
     */
    public void trustJob(String jobId, JobSecret secret) {
        guard.trust(jobId, secret);
        deploymentWaits.deployed(jobId);
    }

    /** The job left this TaskExecutor: its secret is forgotten. */
    public void forgetJob(String jobId) {
        guard.forget(jobId);
    }

    /** How many subscriptions wait for a part of the job to be deployed here (for tests). */
    int awaitingDeployment(String jobId) {
        return deploymentWaits.waiting(jobId);
    }

    /** How many subscriptions wait for partition {@code partitionId} to be registered (for tests). */
    int waitingFor(String partitionId) {
        synchronized (pending) {
            return pending.getOrDefault(partitionId, List.of()).size();
        }
    }

    /** How many data connections from consumers are open (for tests). */
    int openServerConnections() {
        return openServerConnections.get();
    }

    /** The refusals counted on this data plane (for tests). */
    public SecurityRefusals refusals() {
        return refusals;
    }

    /** Starts the data server on {@code host:port} (0 = any free port). */
    public Future<Integer> start(String host, int port) {
        NetClientOptions clientOptions = new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5000)
                .setReceiveBufferSize(256 * 1024).setSendBufferSize(256 * 1024);
        NetServerOptions serverOptions = new NetServerOptions().setTcpNoDelay(true).setReceiveBufferSize(256 * 1024)
                .setSendBufferSize(256 * 1024);
        if (tls != null) {
            tls.client(clientOptions);
            tls.server(serverOptions);
        }
        client = vertx.createNetClient(clientOptions);
        server = vertx.createNetServer(serverOptions);
        server.connectHandler(socket -> new ServerConnection(socket));
        server.exceptionHandler(e -> {
            if (io.ebbflow.core.security.Tls.isHandshakeFailure(e)) {
                refusals.refused("tls", "data", "a data-plane client", "a connection without a trusted certificate: " + e);
            }
        });
        return server.listen(port, host).map(s -> {
            dataPort = s.actualPort();
            return dataPort;
        });
    }

    public int dataPort() {
        return dataPort;
    }

    public Future<Void> close() {
        List<Future<?>> all = new ArrayList<>();
        if (server != null) {
            all.add(server.close());
        }
        if (client != null) {
            all.add(client.close());
        }
        partitions.values().forEach(ResultPartition::release);
        partitions.clear();
        return Future.join(all).mapEmpty();
    }

    // ------------------------------------------------------------------ partitions

    /** Registers a producer's partition; waiting requests for it are served now. */
    public void registerPartition(ResultPartition partition) {
        List<Pending> waiting;
        synchronized (pending) {
            partitions.put(partition.id(), partition);
            waiting = pending.remove(partition.id());
        }
        partition.onFullyConsumed(() -> partitions.remove(partition.id()));
        if (waiting != null) {
            for (Pending p : waiting) {
                vertx.cancelTimer(p.timerId());
                serve(partition, p.subpartition(), p.allowed(), p.onReady(), p.onError());
            }
        }
    }

    /** Drops a partition (its producer failed or was cancelled); its queued buffers are recycled. */
    public void releasePartition(String partitionId) {
        ResultPartition p = partitions.remove(partitionId);
        if (p != null) {
            p.release();
        }
    }

    public boolean hasPartition(String partitionId) {
        return partitions.containsKey(partitionId);
    }

    /** Asks for a subpartition in this TaskExecutor; waits for its partition to be registered if needed. */
    public void requestLocal(String partitionId, int subpartition, Consumer<ResultSubpartition> onReady,
            Consumer<Throwable> onError) {
        request(partitionId, subpartition, p -> true, onReady, onError);
    }

    private void request(String partitionId, int subpartition, Predicate<ResultPartition> allowed,
            Consumer<ResultSubpartition> onReady, Consumer<Throwable> onError) {
        ResultPartition p;
        synchronized (pending) {
            p = partitions.get(partitionId);
            if (p == null) {
                long timer = vertx.setTimer(requestTimeoutMillis, id -> timeOut(partitionId, subpartition, onReady));
                pending.computeIfAbsent(partitionId, k -> new ArrayList<>())
                        .add(new Pending(subpartition, allowed, onReady, onError, timer));
                return;
            }
        }
        serve(p, subpartition, allowed, onReady, onError);
    }

    private void serve(ResultPartition p, int subpartition, Predicate<ResultPartition> allowed,
            Consumer<ResultSubpartition> onReady, Consumer<Throwable> onError) {
        if (!allowed.test(p)) {
            onError.accept(new SecurityException("not authorized to read partition " + p.id()));
            return;
        }
        if (subpartition < 0 || subpartition >= p.numSubpartitions()) {
            onError.accept(new IllegalArgumentException("partition " + p.id() + " has no subpartition " + subpartition));
            return;
        }
        onReady.accept(p.subpartition(subpartition));
    }

    private void timeOut(String partitionId, int subpartition, Consumer<ResultSubpartition> onReady) {
        Pending expired = null;
        synchronized (pending) {
            List<Pending> list = pending.get(partitionId);
            if (list != null) {
                for (Pending p : list) {
                    if (p.onReady() == onReady && p.subpartition() == subpartition) {
                        expired = p;
                    }
                }
                list.remove(expired);
                if (list.isEmpty()) {
                    pending.remove(partitionId);
                }
            }
        }
        if (expired != null) {
            expired.onError().accept(new java.io.IOException("partition " + partitionId + " was not produced within "
                    + requestTimeoutMillis + " ms"));
        }
    }

    // ------------------------------------------------------------------ connections

    /** The connection to the TaskExecutor whose data server is {@code host:port}, opened once. */
    Future<ClientConnection> connection(String host, int port) {
        String key = host + ":" + port;
        return connections.computeIfAbsent(key, k -> {
            Promise<ClientConnection> promise = Promise.promise();
            vertx.runOnContext(v -> client.connect(port, host).onComplete(ar -> {
                if (ar.succeeded()) {
                    promise.complete(new ClientConnection(key, ar.result()));
                } else {
                    connections.remove(key);
                    promise.fail(ar.cause());
                }
            }));
            return promise.future();
        });
    }

    /** The producer side of a connection: serves subscriptions with credits. */
    private final class ServerConnection {
        private final NetSocket socket;
        private final Context context;
        private final Map<Integer, Sender> senders = new HashMap<>();
        /** Set on the connection's event loop when it closes: a subscription served later has no reader. */
        private boolean closed;

        ServerConnection(NetSocket socket) {
            this.socket = socket;
            this.context = vertx.getOrCreateContext();
            openServerConnections.incrementAndGet();
            FrameReader.read(socket, refusals, this::onFrame);
            socket.closeHandler(v -> {
                closed = true;
                openServerConnections.decrementAndGet();
                senders.values().forEach(Sender::detach);
            });
            socket.exceptionHandler(e -> LOG.debug("Data connection from {} failed: {}", socket.remoteAddress(), e.toString()));
        }

        private void onFrame(Buffer f) {
            byte type = f.getByte(0);
            if (type != Frames.SUBSCRIBE && type != Frames.CREDIT && type != Frames.CANCEL) {
                throw new IllegalArgumentException("unknown frame type " + type);
            }
            if (f.length() < (type == Frames.CREDIT ? 9 : 5)) {
                throw new IllegalArgumentException("a frame of type " + type + " of " + f.length() + " bytes is too short");
            }
            int receiver = f.getInt(1);
            switch (type) {
                case Frames.SUBSCRIBE -> {
                    Frames.Subscribe s = Frames.parseSubscribe(f);
                    if (senders.containsKey(receiver) || s.credit() < 0) {
                        throw new IllegalArgumentException("a SUBSCRIBE frame reuses receiver " + receiver
                                + " or grants negative credit");
                    }
                    deploymentWaits.after(s.jobId(), () -> context.runOnContext(v -> subscribe(receiver, s)));
                }
                case Frames.CREDIT -> {
                    Sender s = senders.get(receiver);
                    int credit = f.getInt(5);
                    if (credit < 0) {
                        throw new IllegalArgumentException("a CREDIT frame grants negative credit " + credit);
                    }
                    if (s != null) {
                        s.addCredit(credit);
                    }
                }
                case Frames.CANCEL -> {
                    Sender s = senders.remove(receiver);
                    if (s != null) {
                        s.detach();
                    }
                }
                default -> throw new IllegalStateException("unreachable: type " + type);
            }
        }

        /** A subscription whose job is deployed here (or never came): proven, then served when its partition is. */
        private void subscribe(int receiver, Frames.Subscribe s) {
            String source = FrameReader.host(socket);
            if (!guard.authorized(s, source)) {
                socket.write(Frames.error(receiver, "not authorized to read partition "
                        + SecurityRefusals.abbreviate(s.partitionId())));
                return;
            }
            request(s.partitionId(), s.subpartition(), p -> guard.ofJob(p, s.jobId(), source),
                    sp -> context.runOnContext(v -> {
                        if (closed) {
                            // Its reader is gone: nothing may be taken from the subpartition for it.
                            return;
                        }
                        Sender sender = new Sender(receiver, sp);
                        senders.put(receiver, sender);
                        sp.setListener(sender::dataAvailable);
                        sender.addCredit(s.credit());
                    }),
                    e -> context.runOnContext(v -> socket.write(Frames.error(receiver, e.getMessage()))));
        }

        /** Sends one subpartition's buffers while it has credit. Runs on the connection's event loop. */
        private final class Sender {
            private final int receiver;
            private final ResultSubpartition subpartition;
            private int credit;
            private boolean scheduled;
            private boolean detached;

            Sender(int receiver, ResultSubpartition subpartition) {
                this.receiver = receiver;
                this.subpartition = subpartition;
            }

            /** From the producer's thread: hop to the event loop. */
            void dataAvailable() {
                synchronized (this) {
                    if (scheduled) {
                        return;
                    }
                    scheduled = true;
                }
                context.runOnContext(v -> {
                    synchronized (this) {
                        scheduled = false;
                    }
                    send();
                });
            }

            void addCredit(int n) {
                credit += n;
                send();
            }

            private void send() {
                while (!detached && credit > 0) {
                    NetworkBuffer b = subpartition.poll();
                    if (b == null) {
                        return;
                    }
                    Buffer frame = Frames.buffer(receiver, b);
                    b.recycle();
                    socket.write(frame);
                    credit--;
                }
            }

            void detach() {
                detached = true;
                subpartition.setListener(null);
            }
        }
    }

    /** The consumer side of a connection: its input channels, by receiver id. */
    final class ClientConnection {
        private final String key;
        private final NetSocket socket;
        private final Context context;
        private final Map<Integer, RemoteInputChannel> receivers = new HashMap<>();
        private final Map<Integer, int[]> pendingCredit = new HashMap<>();
        private int nextId;

        ClientConnection(String key, NetSocket socket) {
            this.key = key;
            this.socket = socket;
            this.context = vertx.getOrCreateContext();
            FrameReader.read(socket, refusals, this::onFrame);
            socket.closeHandler(v -> lost(new java.io.IOException("data connection to " + key + " closed")));
            socket.exceptionHandler(e -> lost(new java.io.IOException("data connection to " + key + " failed: " + e, e)));
        }

        private void lost(Throwable cause) {
            connections.remove(key);
            List<RemoteInputChannel> all = new ArrayList<>(receivers.values());
            receivers.clear();
            all.forEach(c -> c.onError(cause));
        }

        void subscribe(RemoteInputChannel channel, String jobId, String partitionId, int subpartition, int credit) {
            context.runOnContext(v -> {
                int id = nextId++;
                receivers.put(id, channel);
                channel.attached(id);
                socket.write(Frames.subscribe(id, jobId, partitionId, subpartition, credit,
                        guard.proof(jobId, partitionId, subpartition)));
            });
        }

        /** Called from the consumer's thread when it has read a buffer; coalesced on the event loop. */
        void grantCredit(int receiverId, int n) {
            synchronized (pendingCredit) {
                int[] c = pendingCredit.get(receiverId);
                if (c != null) {
                    c[0] += n;
                    return;
                }
                pendingCredit.put(receiverId, new int[] {n});
            }
            context.runOnContext(v -> {
                int[] c;
                synchronized (pendingCredit) {
                    c = pendingCredit.remove(receiverId);
                }
                if (c != null && receivers.containsKey(receiverId)) {
                    socket.write(Frames.credit(receiverId, c[0]));
                }
            });
        }

        void cancel(int receiverId) {
            context.runOnContext(v -> {
                if (receivers.remove(receiverId) != null) {
                    socket.write(Frames.cancel(receiverId));
                }
            });
        }

        private void onFrame(Buffer f) {
            if (f.length() < 5) {
                throw new IllegalArgumentException("a frame of " + f.length() + " bytes is too short");
            }
            byte type = f.getByte(0);
            int receiver = f.getInt(1);
            RemoteInputChannel channel = receivers.get(receiver);
            if (channel == null) {
                return;
            }
            if (type == Frames.BUFFER) {
                channel.onBuffer(f.getBytes(5, f.length()), f.length() - 5);
            } else if (type == Frames.ERROR) {
                receivers.remove(receiver);
                channel.onError(new java.io.IOException("producer at " + key + ": " + f.getString(5, f.length(), "UTF-8")));
            }
        }
    }
}
