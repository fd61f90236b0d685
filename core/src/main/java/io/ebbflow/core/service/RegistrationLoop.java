package io.ebbflow.core.service;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.RegistrationOptions;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.core.util.Backoff;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers with a peer until it works, the way Flink services do: unanswered attempts back off
 * exponentially ({@code cluster.registration.initial-timeout} doubling to {@code max-timeout}; at most 1 s when
 * nobody is at the peer's address), refused
 * ones wait {@code refused-registration-delay}, other errors {@code error-delay}; {@link #retryNow()}
 * (called when the peer announces itself) skips the wait, and also abandons an attempt still waiting for
 * an answer (it may be addressed to a peer that died; its outcome is ignored). Optionally gives up after a
 * deadline, if the owner says it may (a TaskExecutor running subtasks never gives up).
 *
 * <p>Confined to the owning verticle's context; at most one attempt counts at a time.
 *
 * @param <R> what a successful registration returns
 */
public final class RegistrationLoop<R> {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationLoop.class);
    /**
     * The longest wait after an attempt that found nobody at the peer's address: that is known locally at once, so
     * asking again costs nothing, and a peer can appear without this service hearing it announce itself (it took over
     * while this member was split off from the cluster).
     */
    static final Duration NO_HANDLERS_MAX_DELAY = Duration.ofSeconds(1);

    private final String what;
    private final Timers timers;
    private final Clock clock;
    private final Supplier<Future<R>> attempt;
    private final Consumer<R> onSuccess;
    private final Duration giveUpAfter;
    private final Runnable onGiveUp;
    private final BooleanSupplier mayGiveUp;
    private final Backoff backoff;
    private final Duration errorDelay;
    private final Duration refusedDelay;
    private boolean running;
    private boolean inFlight;
    /** Which attempt counts; an answer to an earlier one is ignored. */
    private long generation;
    private boolean toldKeepsTrying;
    private long startedAt;
    private Cancellable retry = Cancellable.NONE;
    private int attempts;

    /**
     * @param what for logs, e.g. "registration with the ResourceManager"
     * @param giveUpAfter null to retry forever
     * @param onGiveUp called once the deadline passes without success
     */
    public RegistrationLoop(String what, Configuration config, Timers timers, Clock clock, Supplier<Future<R>> attempt,
            Consumer<R> onSuccess, Duration giveUpAfter, Runnable onGiveUp) {
        this(what, config, timers, clock, attempt, onSuccess, giveUpAfter, onGiveUp, () -> true);
    }

    /**
     * @param what for logs, e.g. "registration with the ResourceManager"
     * @param giveUpAfter null to retry forever
     * @param onGiveUp called once the deadline passes without success, if {@code mayGiveUp} says so
     * @param mayGiveUp asked once the deadline has passed, after each failed attempt: false keeps trying
     */
    public RegistrationLoop(String what, Configuration config, Timers timers, Clock clock, Supplier<Future<R>> attempt,
            Consumer<R> onSuccess, Duration giveUpAfter, Runnable onGiveUp, BooleanSupplier mayGiveUp) {
        this.what = what;
        this.timers = timers;
        this.clock = clock;
        this.attempt = attempt;
        this.onSuccess = onSuccess;
        this.giveUpAfter = giveUpAfter;
        this.onGiveUp = onGiveUp;
        this.mayGiveUp = mayGiveUp;
        this.backoff = new Backoff(config.get(RegistrationOptions.INITIAL_TIMEOUT), config.get(RegistrationOptions.MAX_TIMEOUT));
        this.errorDelay = config.get(RegistrationOptions.ERROR_DELAY);
        this.refusedDelay = config.get(RegistrationOptions.REFUSED_DELAY);
    }

    /** Starts registering (again); does nothing if already running. */
    public void start() {
        if (running) {
            return;
        }
        running = true;
        startedAt = clock.millis();
        attempts = 0;
        toldKeepsTrying = false;
        backoff.reset();
        tryOnce();
    }

    /**
     * Attempts at once if running (the peer just announced itself). An attempt still in flight is abandoned:
     * it may wait for a peer that is gone until the ask timeout.
     */
    public void retryNow() {
        if (running) {
            retry.cancel();
            backoff.reset();
            tryOnce();
        }
    }

    /** Stops retrying. */
    public void stop() {
        running = false;
        inFlight = false;
        generation++;
        retry.cancel();
    }

    public boolean isRunning() {
        return running;
    }

    private void tryOnce() {
        if (!running) {
            return;
        }
        if (inFlight) {
            LOG.debug("{}: abandoning the attempt in flight for a new one", what);
        }
        inFlight = true;
        attempts++;
        long mine = ++generation;
        attempt.get().onComplete(ar -> {
            if (mine != generation) {
                return;
            }
            inFlight = false;
            if (!running) {
                return;
            }
            if (ar.succeeded()) {
                running = false;
                backoff.reset();
                onSuccess.accept(ar.result());
                return;
            }
            Throwable e = ar.cause();
            Duration delay;
            if (BusClient.isUnreachable(e)) {
                delay = backoff.next();
                if (BusClient.isNoHandlers(e) && delay.compareTo(NO_HANDLERS_MAX_DELAY) > 0) {
                    // Known locally at once, so cheap to ask again; the peer may have appeared unannounced.
                    delay = NO_HANDLERS_MAX_DELAY;
                }
                if (attempts == 1 || attempts % 10 == 0) {
                    LOG.info("{}: peer not reachable yet ({}), retrying in {} ms", what, e.getMessage(), delay.toMillis());
                }
            } else if (e instanceof ProtocolException pe) {
                delay = refusedDelay;
                LOG.warn("{} refused: {}; retrying in {} s", what, pe.getMessage(), delay.toSeconds());
            } else {
                delay = errorDelay;
                LOG.warn("{} failed: {}; retrying in {} s", what, e.toString(), delay.toSeconds());
            }
            if (giveUpAfter != null && clock.millis() - startedAt + delay.toMillis() > giveUpAfter.toMillis()) {
                if (mayGiveUp.getAsBoolean()) {
                    running = false;
                    LOG.error("{} did not succeed within {} s; giving up", what, giveUpAfter.toSeconds());
                    onGiveUp.run();
                    return;
                }
                if (!toldKeepsTrying) {
                    toldKeepsTrying = true;
                    LOG.warn("{} did not succeed within {} s; not giving up while there is work here, trying on",
                            what, giveUpAfter.toSeconds());
                }
            }
            retry = timers.schedule(delay, this::tryOnce);
        });
    }
}
