package io.ebbflow.api.functions;

import java.util.concurrent.TimeoutException;

/**
 * Calls something asynchronous (a database, a web service) for each element without blocking the stream:
 * {@link #asyncInvoke} starts the call and returns at once; whatever thread the answer arrives on completes
 * the {@link ResultFuture}. Used through {@link io.ebbflow.api.AsyncDataStream}, which bounds how many calls
 * are in flight, orders the results if asked, and keeps the elements still in flight in the checkpoint (they
 * are called again after a restore).
 */
public interface AsyncFunction<IN, OUT> extends Function {

    /** Starts the asynchronous call for {@code input}; completes {@code resultFuture} when it has an answer. */
    void asyncInvoke(IN input, ResultFuture<OUT> resultFuture) throws Exception;

    /**
     * No answer came for {@code input} within the operator's timeout. By default the job fails with a
     * {@link TimeoutException} that names the operator; override to complete {@code resultFuture} with a
     * fallback (or with nothing, to drop the element) instead.
     */
    default void timeout(IN input, ResultFuture<OUT> resultFuture) throws Exception {
        resultFuture.completeExceptionally(new TimeoutException("async call timed out for " + input));
    }
}
