package io.ebbflow.jm.execution;

import io.ebbflow.core.protocol.JobMasterMessages.ExceptionView;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The job's failures, newest first, as {@code GET /jobs/:id/exceptions} shows them: at most {@link #MAX}
 * are kept, whoever adds them. Confined to the JobMaster's event loop.
 */
public final class ExceptionHistory {

    /** How many failures are kept. */
    public static final int MAX = 100;

    private final Deque<ExceptionView> newestFirst = new ArrayDeque<>();

    /** Records a failure; the oldest is dropped beyond {@link #MAX}. */
    public void add(ExceptionView failure) {
        newestFirst.addFirst(failure);
        while (newestFirst.size() > MAX) {
            newestFirst.removeLast();
        }
    }

    /** A failure outside any subtask (a deployment, a restore, the job's end). */
    public void add(long timestamp, String cause) {
        add(new ExceptionView(timestamp, null, null, cause));
    }

    public List<ExceptionView> newestFirst() {
        return List.copyOf(newestFirst);
    }
}
