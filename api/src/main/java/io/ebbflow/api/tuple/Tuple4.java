package io.ebbflow.api.tuple;

/** A tuple of 4 fields. */
public class Tuple4<T0, T1, T2, T3> extends Tuple {

    public T0 f0;
    public T1 f1;
    public T2 f2;
    public T3 f3;

    /** All fields null. */
    public Tuple4() {
    }

    public Tuple4(T0 f0, T1 f1, T2 f2, T3 f3) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
        this.f3 = f3;
    }

    public static <T0, T1, T2, T3> Tuple4<T0, T1, T2, T3> of(T0 f0, T1 f1, T2 f2, T3 f3) {
        return new Tuple4<>(f0, f1, f2, f3);
    }

    @Override
    public int getArity() {
        return 4;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int pos) {
        return switch (pos) {
            case 0 -> (T) f0;
            case 1 -> (T) f1;
            case 2 -> (T) f2;
            case 3 -> (T) f3;
            default -> throw outOfBounds(pos, 4);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void setField(T value, int pos) {
        switch (pos) {
            case 0 -> f0 = (T0) value;
            case 1 -> f1 = (T1) value;
            case 2 -> f2 = (T2) value;
            case 3 -> f3 = (T3) value;
            default -> throw outOfBounds(pos, 4);
        }
    }

    /** A shallow copy. */
    public Tuple4<T0, T1, T2, T3> copy() {
        return new Tuple4<>(f0, f1, f2, f3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tuple4<?, ?, ?, ?> t && java.util.Objects.equals(f0, t.f0) && java.util.Objects.equals(f1, t.f1) && java.util.Objects.equals(f2, t.f2) && java.util.Objects.equals(f3, t.f3);
    }

    @Override
    public int hashCode() {
        int result = f0 != null ? f0.hashCode() : 0;
        result = 31 * result + (f1 != null ? f1.hashCode() : 0);
        result = 31 * result + (f2 != null ? f2.hashCode() : 0);
        result = 31 * result + (f3 != null ? f3.hashCode() : 0);
        return result;
    }

    @Override
    public String toString() {
        return "(" + str(f0) + "," + str(f1) + "," + str(f2) + "," + str(f3) + ")";
    }

    private static String str(Object o) {
        return String.valueOf(o);
    }
}
