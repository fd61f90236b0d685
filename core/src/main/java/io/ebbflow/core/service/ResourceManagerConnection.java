package io.ebbflow.core.service;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's registration with the ResourceManager, shared by TaskExecutors and JobMasters: registers
 * with backoff until it works ({@link RegistrationLoop}), tracks the newest ResourceManager epoch seen,
 * and registers again at once when the connection is lost or a newer ResourceManager announces itself.
 *
 * <p>Confined to the owning verticle's context.
 *
 * @param <R> the registration reply
 */
public final class ResourceManagerConnection<R> {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManagerConnection.class);

    private final String who;
    private final RegistrationLoop<R> loop;
    private final ToLongFunction<R> epochOf;
    private final Consumer<R> onRegistered;
    private boolean registered;
    private long rmEpoch;

    /**
     * @param who the service, for logs ("TaskExecutor te-1")
     * @param register one registration attempt
     * @param epochOf the ResourceManager epoch in a registration reply
     * @param onRegistered called with every successful registration
     * @param giveUpAfter null to retry forever
     */
    public ResourceManagerConnection(String who, Configuration config, Timers timers, Clock clock,
            Supplier<Future<R>> register, ToLongFunction<R> epochOf, Consumer<R> onRegistered, Duration giveUpAfter,
            Runnable onGiveUp) {
        this(who, config, timers, clock, register, epochOf, onRegistered, giveUpAfter, onGiveUp, () -> true);
    }

    /**
     * @param giveUpAfter null to retry forever
     * @param mayGiveUp asked once {@code giveUpAfter} has passed: false keeps trying (there is work here that
     *        must not be dropped because no ResourceManager answers)
     */
    public ResourceManagerConnection(String who, Configuration config, Timers timers, Clock clock,
            Supplier<Future<R>> register, ToLongFunction<R> epochOf, Consumer<R> onRegistered, Duration giveUpAfter,
            Runnable onGiveUp, BooleanSupplier mayGiveUp) {
        this.who = who;
        this.epochOf = epochOf;
        this.onRegistered = onRegistered;
        this.loop = new RegistrationLoop<>(who + " registration with the ResourceManager", config, timers, clock,
                register, this::registered, giveUpAfter, onGiveUp, mayGiveUp);
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    public boolean isRegistered() {
        return registered;
    }

    /** The newest ResourceManager epoch seen (0 before any). */
    public long rmEpoch() {
        return rmEpoch;
    }

    /** A reply or message from the ResourceManager carried this epoch. */
    public void observeEpoch(long epoch) {
        rmEpoch = Math.max(rmEpoch, epoch);
    }

    /** A ResourceManager announced itself: if it is newer, register with it now. */
    public void announced(long epoch) {
        if (epoch > rmEpoch) {
            LOG.info("A new ResourceManager (epoch {}) started; {} registers with it", epoch, who);
            reconnect();
        }
    }

    /** The ResourceManager no longer knows us, or cannot be reached: register again, at once. */
    public void lost(String why) {
        LOG.info("{}: {}; registering again", who, why);
        reconnect();
    }

    private void reconnect() {
        registered = false;
        if (loop.isRunning()) {
            loop.retryNow();
        } else {
            loop.start();
        }
    }

    private void registered(R reply) {
        registered = true;
        observeEpoch(epochOf.applyAsLong(reply));
        onRegistered.accept(reply);
    }
}
