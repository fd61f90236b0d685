package io.ebbflow.connector.kafka.sink;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The one place that reaches into kafka-clients' internals, for the one thing its public API cannot do: commit a
 * transaction that another producer instance (a subtask of a run that has since failed) left open, knowing its
 * transactional id, producer id and epoch. The broker accepts an {@code EndTxn(commit)} from any client that
 * presents the transaction's current producer id and epoch; the client only needs to believe it is in that
 * transaction. So a fresh producer with the same {@code transactional.id} is put, without {@code initTransactions}
 * (which would abort the transaction), into the state it would have after beginning it: producer id and epoch
 * set, state {@code IN_TRANSACTION}, and the transaction protocol version the transaction was started with.
 *
 * <p>Written against kafka-clients 4.4.0 ({@code TransactionManager}'s fields {@code producerIdAndEpoch},
 * {@code transactionStarted}, {@code isTransactionV2Enabled} and its {@code transitionTo(State)}). If a later
 * client renames them, {@link #resume} fails with an {@link IllegalStateException} that says which member is
 * missing and in which kafka-clients version, rather than doing something else.
 */
final class ProducerInternals {

    private static final String TM = "org.apache.kafka.clients.producer.internals.TransactionManager";
    private static final String PID_EPOCH = "org.apache.kafka.common.utils.internals.ProducerIdAndEpoch";

    private ProducerInternals() {
    }

    /** The producer id and epoch of the producer's current transaction, and whether it uses transactions V2. */
    static PreCommitted.Identity identity(KafkaProducer<?, ?> producer) {
        Object tm = field(producer, KafkaProducer.class, "transactionManager");
        Object pidEpoch = field(tm, tm.getClass(), "producerIdAndEpoch");
        long producerId = (Long) field(pidEpoch, pidEpoch.getClass(), "producerId");
        short epoch = (Short) field(pidEpoch, pidEpoch.getClass(), "epoch");
        boolean v2 = (Boolean) field(tm, tm.getClass(), "isTransactionV2Enabled");
        return new PreCommitted.Identity(producerId, epoch, v2);
    }

    /**
     * Makes {@code producer} (configured with the transaction's {@code transactional.id}, never initialized) the
     * owner of the open transaction {@code identity}: its {@code commitTransaction()} then commits it.
     */
    static void resume(KafkaProducer<?, ?> producer, PreCommitted.Identity identity) {
        Object tm = field(producer, KafkaProducer.class, "transactionManager");
        if (tm == null) {
            throw new IllegalStateException("the producer has no transactional.id");
        }
        try {
            Class<?> pidEpochClass = Class.forName(PID_EPOCH, true, tm.getClass().getClassLoader());
            Object pidEpoch = pidEpochClass.getConstructor(long.class, short.class)
                    .newInstance(identity.producerId(), identity.epoch());
            synchronized (tm) {
                set(tm, "producerIdAndEpoch", pidEpoch);
                transition(tm, "INITIALIZING");
                transition(tm, "READY");
                transition(tm, "IN_TRANSACTION");
                set(tm, "transactionStarted", true);
                set(tm, "isTransactionV2Enabled", identity.transactionV2());
            }
        } catch (ReflectiveOperationException e) {
            throw changed("the producer id/epoch type or the state transitions", e);
        }
    }

    private static void transition(Object tm, String state) throws ReflectiveOperationException {
        Class<?> stateClass = Class.forName(TM + "$State", true, tm.getClass().getClassLoader());
        Object target = null;
        for (Object c : stateClass.getEnumConstants()) {
            if (((Enum<?>) c).name().equals(state)) {
                target = c;
            }
        }
        if (target == null) {
            throw new NoSuchFieldException(TM + ".State." + state);
        }
        Method m = tm.getClass().getDeclaredMethod("transitionTo", stateClass);
        m.setAccessible(true);
        m.invoke(tm, target);
    }

    private static Object field(Object target, Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw changed(type.getName() + "." + name, e);
        }
    }

    private static void set(Object target, String name, Object value) {
        try {
            Field f = target.getClass().getDeclaredField(name);
            f.setAccessible(true);
            f.set(target, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw changed(TM + "." + name, e);
        }
    }

    private static IllegalStateException changed(String member, Throwable cause) {
        return new IllegalStateException("KafkaSink cannot resume a Kafka transaction with this kafka-clients ("
                + KafkaProducer.class.getPackage().getImplementationVersion() + "): " + member
                + " is not what it was in kafka-clients 4.4.0, for which the sink was written; EXACTLY_ONCE needs it to"
                + " commit transactions of a checkpoint after a restart (use kafka-clients 4.4.0)", cause);
    }
}
