package io.ebbflow.api.functions;

import java.util.Collection;

/**
 * Where an {@link AsyncFunction} puts the outcome of one asynchronous call. It may be completed from any
 * thread; only the first completion counts (a late answer after a timeout is ignored). The results are
 * emitted by the operator on its own subtask's thread, never on the thread that completed the future.
 */
public interface ResultFuture<OUT> {

    /** The call produced these results (possibly none), each emitted with the input element's timestamp. */
    void complete(Collection<OUT> result);

    /** The call failed: the job fails with this error (and restarts from its last checkpoint, if it may). */
    void completeExceptionally(Throwable error);
}
