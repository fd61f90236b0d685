package io.ebbflow.runtime.task;

import io.ebbflow.runtime.operators.MailboxExecutor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The {@link MailboxExecutor} of the operator at one chain index of a subtask: its actions go into the
 * subtask's mailbox with the operator's index as priority, and a wait inside the operator runs only mail of
 * that priority or more. While it waits the subtask's output buffers are still flushed when due, so what the
 * operator emitted meanwhile does not sit in a half-full buffer.
 */
final class OperatorMailbox implements MailboxExecutor {

    private final StreamTask task;
    private final int priority;
    private final OutputFlusher flusher;

    OperatorMailbox(StreamTask task, int priority, OutputFlusher flusher) {
        this.task = task;
        this.priority = priority;
        this.flusher = flusher;
    }

    @Override
    public void execute(Runnable action) {
        task.mail(action, priority);
    }

    @Override
    public void yieldUntil(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (task.isCancelled()) {
                throw new StreamTask.CancelledException();
            }
            if (!task.tryRunMail(priority)) {
                flusher.maybeFlush();
                // mail() unparks this thread, so an action put after the check above ends the wait at once
                LockSupport.parkNanos(flusher.waitNanos());
            }
        }
    }
}
