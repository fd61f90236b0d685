package io.ebbflow.api.tuple;

/** A tuple of 2 fields. */
public class Tuple2<T0, T1> extends Tuple {

    public T0 f0;
    public T1 f1;

    /** All fields null. */
    public Tuple2() {
    }

    public Tuple2(T0 f0, T1 f1) {
        this.f0 = f0;
        this.f1 = f1;
    }

    public static <T0, T1> Tuple2<T0, T1> of(T0 f0, T1 f1) {
        return new Tuple2<>(f0, f1);
    }

    @Override
    public int getArity() {
        return 2;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int pos) {
        return switch (pos) {
            case 0 -> (T) f0;
            case 1 -> (T) f1;
            default -> throw outOfBounds(pos, 2);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void setField(T value, int pos) {
        switch (pos) {
            case 0 -> f0 = (T0) value;
            case 1 -> f1 = (T1) value;
            default -> throw outOfBounds(pos, 2);
        }
    }

    /** A shallow copy. */
    public Tuple2<T0, T1> copy() {
        return new Tuple2<>(f0, f1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tuple2<?, ?> t && java.util.Objects.equals(f0, t.f0) && java.util.Objects.equals(f1, t.f1);
    }

    @Override
    public int hashCode() {
        int result = f0 != null ? f0.hashCode() : 0;
        result = 31 * result + (f1 != null ? f1.hashCode() : 0);
        return result;
    }

    @Override
    public String toString() {
        return "(" + str(f0) + "," + str(f1) + ")";
    }

    private static String str(Object o) {
        return String.valueOf(o);
    }
}
