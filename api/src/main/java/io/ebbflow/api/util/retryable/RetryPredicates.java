package io.ebbflow.api.util.retryable;

import java.io.Serializable;
import java.util.Collection;
import java.util.function.Predicate;

/** Ready-made retry predicates for {@link AsyncRetryStrategies}' builders (Flink's, by the same names). */
public final class RetryPredicates {

    /** Matches an empty (or null) result. */
    public static final Predicate<Collection<?>> EMPTY_RESULT_PREDICATE = new EmptyResult();

    /** Matches every error. */
    public static final Predicate<Throwable> HAS_EXCEPTION_PREDICATE = new AnyError();

    private RetryPredicates() {
    }

    /** Matches errors of {@code type} or a subclass of it. */
    public static Predicate<Throwable> exceptionTypePredicate(Class<? extends Throwable> type) {
        return new ErrorOfType(java.util.Objects.requireNonNull(type, "exception type"));
    }

    /** The same as {@link #exceptionTypePredicate}. */
    public static Predicate<Throwable> createExceptionTypePredicate(Class<? extends Throwable> type) {
        return exceptionTypePredicate(type);
    }

    private record EmptyResult() implements Predicate<Collection<?>>, Serializable {
        @Override
        public boolean test(Collection<?> results) {
            return results == null || results.isEmpty();
        }
    }

    private record AnyError() implements Predicate<Throwable>, Serializable {
        @Override
        public boolean test(Throwable error) {
            return error != null;
        }
    }

    private record ErrorOfType(Class<? extends Throwable> type) implements Predicate<Throwable>, Serializable {
        @Override
        public boolean test(Throwable error) {
            return type.isInstance(error);
        }
    }
}
