package io.ebbflow.runtime.task;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A subtask's mailbox: actions put from any thread, run by the subtask's thread in the order they were put.
 * Each action has a priority: {@link #CONTROL} for the subtask's own actions (checkpoints, splits), else the
 * chain index of the operator it belongs to. An operator that waits inside a call
 * ({@link io.ebbflow.runtime.operators.MailboxExecutor#yieldUntil}) runs only the actions of priority at least
 * its own index: its own and those of operators after it, never those of the operators that called it.
 */
final class TaskMailbox {

    /** The priority of the subtask's own actions: they run only between records, never inside an operator's wait. */
    static final int CONTROL = -1;

    private record Mail(Runnable action, int priority) {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private final ConcurrentLinkedQueue<Mail> queue = new ConcurrentLinkedQueue<>();

    /** From any thread. */
    void put(Runnable action, int priority) {
        queue.add(new Mail(action, priority));
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Runs every action waiting, in order (the subtask's thread only). */
    void runAll() {
        Mail m;
        while ((m = queue.poll()) != null) {
            m.action().run();
        }
    }

    /** Runs the oldest action of priority at least {@code minPriority}, if there is one (the subtask's thread only). */
    boolean tryRunOne(int minPriority) {
        for (Iterator<Mail> it = queue.iterator(); it.hasNext(); ) {
            Mail m = it.next();
            if (m.priority() >= minPriority) {
                it.remove();
                m.action().run();
                return true;
            }
        }
        return false;
    }
}
