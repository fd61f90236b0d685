package io.ebbflow.runtime.operators;

import java.util.function.BooleanSupplier;

/**
 * An operator's way into its subtask's mailbox: work handed over from other threads runs on the subtask's
 * thread, between records, so an operator never emits or touches its state from a foreign thread.
 */
public interface MailboxExecutor {

    /** From any thread: runs {@code action} on the subtask's thread, between records. */
    void execute(Runnable action);

    /**
     * On the subtask's thread, from inside the operator (say, in {@code processElement} while its queue is
     * full): runs the mail of this operator and of the operators after it in the chain (its completions and
     * timers; never an upstream operator's, which may be in the middle of a call) until {@code done} holds,
     * waiting for mail meanwhile. The subtask takes no input while it waits: that is its back pressure.
     *
     * @throws RuntimeException when the subtask is cancelled while it waits
     */
    void yieldUntil(BooleanSupplier done);
}
