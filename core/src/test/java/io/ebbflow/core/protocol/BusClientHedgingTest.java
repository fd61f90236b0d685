package io.ebbflow.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.protocol.JobMasterMessages.AccumulatorsRequest;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A read sent to a handler that never answers (a service that just died) is answered by its copy. */
class BusClientHedgingTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aQueryWhoseFirstRequestGoesUnansweredIsAnsweredByItsCopy() throws Exception {
        Endpoint<AccumulatorsRequest, JobAccumulators> endpoint = Endpoints.JM_ACCUMULATORS.of("job-1");
        AtomicInteger received = new AtomicInteger();
        vertx.eventBus().consumer(endpoint.address(), m -> {
            if (received.incrementAndGet() > 1) {
                m.reply(new JobAccumulators(Map.of("n", 7L)));
            } // the first is swallowed, as by a process that died
        });
        BusClient bus = new BusClient(vertx, Duration.ofSeconds(10), 1 << 20)
                .withHedging(Duration.ofMillis(100), Endpoints::isQuery);

        long start = System.nanoTime();
        JobAccumulators reply = bus.request(endpoint, new AccumulatorsRequest()).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(reply.values()).containsEntry("n", 7L);
        assertThat(received.get()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("far below the 10 s timeout").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aQueryThatNobodyAnswersStillFailsAtItsTimeout() throws Exception {
        Endpoint<AccumulatorsRequest, JobAccumulators> endpoint = Endpoints.JM_ACCUMULATORS.of("job-2");
        AtomicInteger received = new AtomicInteger();
        vertx.eventBus().consumer(endpoint.address(), m -> received.incrementAndGet());
        BusClient bus = new BusClient(vertx, Duration.ofMillis(600), 1 << 20)
                .withHedging(Duration.ofMillis(100), Endpoints::isQuery);

        var outcome = bus.request(endpoint, new AccumulatorsRequest()).toCompletionStage().toCompletableFuture();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> outcome.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.vertx.core.eventbus.ReplyException.class);
        assertThat(received.get()).as("copies sent while unanswered").isGreaterThan(1);
    }

    @Test
    void onlyReadsAreHedged() {
        assertThat(Endpoints.isQuery(Endpoints.JM_JOB_DETAILS.of("j").address())).isTrue();
        assertThat(Endpoints.isQuery(Endpoints.RM_CLUSTER_OVERVIEW.address())).isTrue();
        assertThat(Endpoints.isQuery(Endpoints.JM_CANCEL_JOB.of("j").address())).isFalse();
        assertThat(Endpoints.isQuery(Endpoints.JM_TRIGGER_SAVEPOINT.of("j").address())).isFalse();
        assertThat(Endpoints.isQuery(Endpoints.JM_UPDATE_REQUIREMENTS.of("j").address())).isFalse();
    }
}
