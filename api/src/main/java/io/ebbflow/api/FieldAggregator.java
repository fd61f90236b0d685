package io.ebbflow.api;

import io.ebbflow.api.functions.ReduceFunction;

/**
 * The built-in aggregations on a field ({@code sum}, {@code min}, {@code max}, {@code minBy},
 * {@code maxBy}) as a reduce function, with Flink's semantics: {@code sum/min/max} keep the other fields
 * of the first record and set the aggregated field; {@code minBy/maxBy} return the whole record with the
 * extreme value, the first one on ties.
 */
public final class FieldAggregator<T> implements ReduceFunction<T> {

    /** The aggregations. */
    public enum Kind { SUM, MIN, MAX, MIN_BY, MAX_BY }

    private final Kind kind;
    private final FieldAccess field;

    public FieldAggregator(Kind kind, FieldAccess field) {
        this.kind = kind;
        this.field = field;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T reduce(T value1, T value2) {
        Object a = field.get(value1);
        Object b = field.get(value2);
        return switch (kind) {
            case SUM -> (T) field.with(value1, add(a, b));
            case MIN -> (T) field.with(value1, compare(a, b) <= 0 ? a : b);
            case MAX -> (T) field.with(value1, compare(a, b) >= 0 ? a : b);
            case MIN_BY -> compare(a, b) <= 0 ? value1 : value2;
            case MAX_BY -> compare(a, b) >= 0 ? value1 : value2;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private static Object add(Object a, Object b) {
        if (a instanceof Integer x) {
            return x + (Integer) b;
        } else if (a instanceof Long x) {
            return x + (Long) b;
        } else if (a instanceof Double x) {
            return x + (Double) b;
        } else if (a instanceof Float x) {
            return x + (Float) b;
        } else if (a instanceof Short x) {
            return (short) (x + (Short) b);
        } else if (a instanceof Byte x) {
            return (byte) (x + (Byte) b);
        }
        throw new IllegalArgumentException("cannot sum values of type " + (a == null ? "null" : a.getClass().getName()));
    }
}
