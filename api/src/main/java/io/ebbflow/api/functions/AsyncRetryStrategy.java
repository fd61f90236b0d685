package io.ebbflow.api.functions;

import java.io.Serializable;

/**
 * When and how soon an async call is made again ({@code AsyncDataStream.orderedWaitWithRetry} /
 * {@code unorderedWaitWithRetry}): after a call's outcome matches the {@link #getRetryPredicate() predicate}, the
 * element is called again after {@link #getBackoffTimeMillis} if {@link #canRetry} allows it. Attempts are counted
 * per element from 1 (the first call). Ready-made strategies: {@code io.ebbflow.api.util.retryable.AsyncRetryStrategies}.
 * Shipped with the job, so it must be serializable, and so must its predicates.
 */
public interface AsyncRetryStrategy<OUT> extends Serializable {

    /** Whether an element whose attempt number {@code currentAttempts} (1 = the first call) asks for a retry gets one. */
    boolean canRetry(int currentAttempts);

    /** How long to wait after attempt {@code currentAttempts} before the next. */
    long getBackoffTimeMillis(int currentAttempts);

    /** Which outcomes ask for a retry. */
    AsyncRetryPredicate<OUT> getRetryPredicate();
}
