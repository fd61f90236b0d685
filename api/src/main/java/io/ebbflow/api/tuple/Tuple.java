package io.ebbflow.api.tuple;

/**
 * Base of the tuple types: fixed arity, public mutable fields {@code f0, f1, ...}, Flink's
 * {@code hashCode} (so tuple keys land in the same key groups as in Flink) and {@code toString}
 * ({@code (a,b)}).
 */
public abstract class Tuple {

    public abstract int getArity();

    /** The field at {@code pos} (0-based). */
    public abstract <T> T getField(int pos);

    /** Sets the field at {@code pos} (0-based). */
    public abstract <T> void setField(T value, int pos);

    protected static IndexOutOfBoundsException outOfBounds(int pos, int arity) {
        return new IndexOutOfBoundsException("field " + pos + " of a tuple with " + arity + " fields");
    }

    /** A new tuple of the given arity with all fields null. */
    public static Tuple newInstance(int arity) {
        return switch (arity) {
            case 1 -> new Tuple1<>();
            case 2 -> new Tuple2<>();
            case 3 -> new Tuple3<>();
            case 4 -> new Tuple4<>();
            case 5 -> new Tuple5<>();
            default -> throw new IllegalArgumentException("tuples have 1 to 5 fields, not " + arity);
        };
    }
}
