package io.ebbflow.api.tuple;

/** A tuple of 1 field. */
public class Tuple1<T0> extends Tuple {

    public T0 f0;

    /** All fields null. */
    public Tuple1() {
    }

    public Tuple1(T0 f0) {
        this.f0 = f0;
    }

    public static <T0> Tuple1<T0> of(T0 f0) {
        return new Tuple1<>(f0);
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int pos) {
        return switch (pos) {
            case 0 -> (T) f0;
            default -> throw outOfBounds(pos, 1);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void setField(T value, int pos) {
        switch (pos) {
            case 0 -> f0 = (T0) value;
            default -> throw outOfBounds(pos, 1);
        }
    }

    /** A shallow copy. */
    public Tuple1<T0> copy() {
        return new Tuple1<>(f0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tuple1<?> t && java.util.Objects.equals(f0, t.f0);
    }

    @Override
    public int hashCode() {
        int result = f0 != null ? f0.hashCode() : 0;
        return result;
    }

    @Override
    public String toString() {
        return "(" + str(f0) + ")";
    }

    private static String str(Object o) {
        return String.valueOf(o);
    }
}
