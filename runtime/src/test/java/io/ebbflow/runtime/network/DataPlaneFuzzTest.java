package io.ebbflow.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.security.JobSecret;
import io.ebbflow.core.security.SecurityRefusals;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed frames and subscriptions with forged proofs, from a seeded generator, to a TaskExecutor's data plane:
 * each malformed frame closes its connection and is counted once, each forged subscription gets an error frame and
 * is counted once, no hostile client ever gets a buffer, and the partition is intact for the job's own consumer.
 */
class DataPlaneFuzzTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int CONNECTIONS = 60;
    private final JobSecret secret = JobSecret.generate();
    private Vertx vertx;
    private NetworkEnvironment producer;
    private NetClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        producer = new NetworkEnvironment(vertx, 10_000, SecurityRefusals.standalone("task-executor"));
        result(producer.start("127.0.0.1", 0));
        producer.trustJob("job-1", secret);
        TestPartitions.withOneBuffer(producer, "job-1", "exec-1-0", 2, (byte) 9, (byte) 9, (byte) 9);
        client = vertx.createNetClient();
    }

    @AfterEach
    void stop() throws Exception {
        result(vertx.close());
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void hostileFramesAreRefusedCountedAndChangeNothing(long seed) throws Exception {
        Random random = new Random(seed);
        AtomicBoolean gotData = new AtomicBoolean();
        for (int i = 0; i < CONNECTIONS; i++) {
            NetSocket socket = result(client.connect(producer.dataPort(), "127.0.0.1"));
            Promise<Void> closed = Promise.promise();
            socket.handler(frameTypes(type -> {
                if (type == Frames.BUFFER) {
                    gotData.set(true);
                }
            }));
            socket.closeHandler(v -> closed.tryComplete());
            socket.write(malformed(random));
            result(closed.future());
        }
        await().atMost(TIMEOUT).until(() -> producer.refusals().count("data", "malformed") == CONNECTIONS);

        NetSocket forger = result(client.connect(producer.dataPort(), "127.0.0.1"));
        java.util.concurrent.atomic.AtomicInteger errors = new java.util.concurrent.atomic.AtomicInteger();
        forger.handler(frameTypes(type -> {
            if (type == Frames.ERROR) {
                errors.incrementAndGet();
            } else if (type == Frames.BUFFER) {
                gotData.set(true);
            }
        }));
        for (int i = 0; i < CONNECTIONS; i++) {
            byte[] proof = new byte[32];
            random.nextBytes(proof);
            forger.write(Frames.subscribe(i, random.nextBoolean() ? "job-1" : "job-" + random.nextInt(), "exec-1-0",
                    random.nextInt(2), 1 + random.nextInt(4), random.nextBoolean() ? HexFormat.of().formatHex(proof) : ""));
        }
        await().atMost(TIMEOUT).until(() -> producer.refusals().count("data", "proof") == CONNECTIONS);
        await().atMost(TIMEOUT).until(() -> errors.get() == CONNECTIONS);
        forger.close();

        assertThat(gotData).as("a hostile client got data").isFalse();
        NetworkEnvironment consumer = new NetworkEnvironment(vertx, 10_000);
        result(consumer.start("127.0.0.1", 0));
        consumer.trustJob("job-1", secret);
        RemoteInputChannel channel = new RemoteInputChannel(0, getClass().getClassLoader(), consumer, "job-1",
                "127.0.0.1", producer.dataPort(), "exec-1-0", 0, 2);
        channel.start();
        await().atMost(TIMEOUT).until(channel::hasData);
        assertThat(channel.pollBuffer().size()).as("the partition's buffer is still there").isEqualTo(3);
    }

    /** Splits what the producer sends into frames and hands over each frame's type. */
    private static io.vertx.core.Handler<Buffer> frameTypes(java.util.function.IntConsumer onType) {
        io.vertx.core.parsetools.RecordParser parser = io.vertx.core.parsetools.RecordParser.newFixed(4);
        boolean[] header = {true};
        parser.handler(b -> {
            if (header[0]) {
                header[0] = false;
                parser.fixedSizeMode(b.getInt(0));
            } else {
                header[0] = true;
                parser.fixedSizeMode(4);
                onType.accept(b.getByte(0));
            }
        });
        return parser;
    }

    /** One frame that cannot be parsed: a bad length, an unknown type, or a frame too short for its type. */
    private static Buffer malformed(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Buffer.buffer().appendInt(random.nextBoolean() ? -random.nextInt(1 << 20) : Frames.MAX_FRAME + 1
                    + random.nextInt(1 << 20));
            case 1 -> {
                int type = 6 + random.nextInt(120);
                byte[] payload = new byte[random.nextInt(40)];
                random.nextBytes(payload);
                yield Buffer.buffer().appendInt(1 + payload.length).appendByte((byte) type).appendBytes(payload);
            }
            case 2 -> {
                byte[] payload = new byte[random.nextInt(4)];
                random.nextBytes(payload);
                byte type = new byte[] {Frames.SUBSCRIBE, Frames.CREDIT, Frames.CANCEL}[random.nextInt(3)];
                yield Buffer.buffer().appendInt(1 + payload.length).appendByte(type).appendBytes(payload);
            }
            case 3 -> Buffer.buffer().appendInt(22).appendByte(Frames.SUBSCRIBE).appendInt(random.nextInt())
                    .appendInt(0).appendInt(1).appendUnsignedShort(0).appendUnsignedShort(100 + random.nextInt(60_000))
                    .appendShort((short) 0).appendBytes(new byte[3]);
            default -> Buffer.buffer().appendInt(9).appendByte(Frames.CREDIT).appendInt(random.nextInt())
                    .appendInt(-1 - random.nextInt(Integer.MAX_VALUE));
        };
    }

    private static <T> T result(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
