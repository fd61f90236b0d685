package io.ebbflow.api.functions;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/** Which outcomes of an async call ask for a retry: results that match, or errors that match (empty: none). */
public interface AsyncRetryPredicate<OUT> {

    /** Results (a completed call) that ask for a retry, e.g. an empty answer. */
    Optional<Predicate<Collection<OUT>>> resultPredicate();

    /** Errors (an exceptionally completed call) that ask for a retry. */
    Optional<Predicate<Throwable>> exceptionPredicate();
}
