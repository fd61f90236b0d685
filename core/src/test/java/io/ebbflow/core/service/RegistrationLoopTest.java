package io.ebbflow.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.time.ManualTime;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationLoopTest {

    private final ManualTime time = new ManualTime(0);
    private final List<Long> attemptsAt = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private Future<String> next = Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "nobody"));

    private RegistrationLoop<String> loop(Duration giveUpAfter) {
        return new RegistrationLoop<>("test", Configuration.defaults(), time, time, () -> {
            attemptsAt.add(time.millis());
            return next;
        }, outcomes::add, giveUpAfter, () -> outcomes.add("gave up"));
    }

    @Test
    void unansweredAttemptsBackOffExponentiallyUpToTheMaximum() {
        next = Future.failedFuture(new ReplyException(ReplyFailure.TIMEOUT, "no answer"));
        RegistrationLoop<String> loop = loop(null);
        loop.start();
        time.advance(Duration.ofSeconds(100));
        // 100 ms doubling: 0, 100, 300, 700, 1500, 3100, 6300, 12700, 25500, then every 30 s.
        assertThat(attemptsAt).startsWith(0L, 100L, 300L, 700L, 1500L, 3100L, 6300L, 12700L, 25500L, 51100L, 81100L);
        assertThat(outcomes).isEmpty();
    }

    /**
     * Nobody at the peer's address is known at once, locally: asking again every second costs nothing, and a peer that
     * appears without this service hearing its announcement (a ResourceManager that took over while this member was
     * split off, in the chaos suite) is found within a second instead of up to 30 s later.
     */
    @Test
    void attemptsFindingNoHandlersAreRepeatedAtLeastEverySecond() {
        RegistrationLoop<String> loop = loop(null);
        loop.start();
        time.advance(Duration.ofSeconds(10));
        assertThat(attemptsAt).startsWith(0L, 100L, 300L, 700L, 1500L, 2500L, 3500L, 4500L);
        assertThat(attemptsAt).hasSize(13);
        assertThat(outcomes).isEmpty();
    }

    @Test
    void retryNowSkipsTheWaitAndSuccessStopsTheLoop() {
        RegistrationLoop<String> loop = loop(null);
        loop.start();
        time.advance(Duration.ofSeconds(20));
        int before = attemptsAt.size();
        next = Future.succeededFuture("registered");
        loop.retryNow();
        assertThat(attemptsAt).hasSize(before + 1);
        assertThat(outcomes).containsExactly("registered");
        assertThat(loop.isRunning()).isFalse();
        time.advance(Duration.ofMinutes(5));
        assertThat(attemptsAt).hasSize(before + 1);
    }

    @Test
    void refusedAttemptsWaitTheRefusedDelay() {
        next = Future.failedFuture(ProtocolException.conflict("no"));
        RegistrationLoop<String> loop = loop(null);
        loop.start();
        time.advance(Duration.ofSeconds(61));
        assertThat(attemptsAt).containsExactly(0L, 30_000L, 60_000L);
    }

    @Test
    void givesUpAfterTheDeadline() {
        RegistrationLoop<String> loop = loop(Duration.ofMinutes(5));
        loop.start();
        time.advance(Duration.ofMinutes(6));
        assertThat(outcomes).containsExactly("gave up");
        assertThat(attemptsAt.get(attemptsAt.size() - 1)).isLessThanOrEqualTo(300_000L);
    }

    @Test
    void keepsTryingPastTheDeadlineWhileItMayNotGiveUpAndGivesUpOnceItMay() {
        boolean[] busy = {true};
        RegistrationLoop<String> loop = new RegistrationLoop<>("test", Configuration.defaults(), time, time, () -> {
            attemptsAt.add(time.millis());
            return next;
        }, outcomes::add, Duration.ofMinutes(5), () -> outcomes.add("gave up"), () -> !busy[0]);
        loop.start();
        time.advance(Duration.ofMinutes(20));
        assertThat(outcomes).isEmpty();
        assertThat(loop.isRunning()).isTrue();
        assertThat(attemptsAt.get(attemptsAt.size() - 1)).isGreaterThan(Duration.ofMinutes(19).toMillis());

        busy[0] = false;
        time.advance(Duration.ofSeconds(31));
        assertThat(outcomes).containsExactly("gave up");
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void retryNowAbandonsAnAttemptStillWaitingForADeadPeer() {
        io.vertx.core.Promise<String> hanging = io.vertx.core.Promise.promise();
        next = hanging.future();
        RegistrationLoop<String> loop = loop(null);
        loop.start();
        assertThat(attemptsAt).containsExactly(0L);

        time.advance(Duration.ofMillis(500));
        next = Future.succeededFuture("registered with the new peer");
        loop.retryNow();
        assertThat(outcomes).containsExactly("registered with the new peer");

        // The abandoned attempt's late answer changes nothing.
        hanging.fail(new ReplyException(ReplyFailure.TIMEOUT, "timed out"));
        time.advance(Duration.ofMinutes(1));
        assertThat(attemptsAt).containsExactly(0L, 500L);
        assertThat(outcomes).containsExactly("registered with the new peer");
    }
}
