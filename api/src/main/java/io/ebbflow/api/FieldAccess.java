package io.ebbflow.api;

import io.ebbflow.api.tuple.Tuple;
import java.io.Serializable;
import java.lang.reflect.Field;

/** Reads and writes one field of a record: a tuple position or a POJO field name (public, or with getter/setter). */
public abstract class FieldAccess implements Serializable {

    public abstract Object get(Object record);

    /** A copy of {@code record} with the field set to {@code value} (tuples are copied, POJOs changed in place). */
    public abstract Object with(Object record, Object value);

    public static FieldAccess position(int position) {
        if (position < 0) {
            throw new IllegalArgumentException("field position must not be negative");
        }
        return new Position(position);
    }

    public static FieldAccess named(String name) {
        return new Named(name);
    }

    private static final class Position extends FieldAccess {
        private final int position;

        Position(int position) {
            this.position = position;
        }

        @Override
        public Object get(Object record) {
            if (record instanceof Tuple t) {
                return t.getField(position);
            }
            throw new IllegalArgumentException("field position " + position + " needs a tuple, got "
                    + (record == null ? "null" : record.getClass().getName()));
        }

        @Override
        public Object with(Object record, Object value) {
            Tuple t = (Tuple) record;
            Tuple copy = Tuple.newInstance(t.getArity());
            for (int i = 0; i < t.getArity(); i++) {
                copy.setField(t.getField(i), i);
            }
            copy.setField(value, position);
            return copy;
        }
    }

    private static final class Named extends FieldAccess {
        private final String name;
        private transient Field field;

        Named(String name) {
            this.name = name;
        }

        private Field field(Object record) {
            if (field == null || field.getDeclaringClass() != record.getClass()) {
                try {
                    Field f = findField(record.getClass());
                    f.setAccessible(true);
                    field = f;
                } catch (NoSuchFieldException e) {
                    throw new IllegalArgumentException("no field '" + name + "' in " + record.getClass().getName());
                }
            }
            return field;
        }

        private Field findField(Class<?> c) throws NoSuchFieldException {
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                try {
                    return k.getDeclaredField(name);
                } catch (NoSuchFieldException e) {
                    // try the superclass
                }
            }
            throw new NoSuchFieldException(name);
        }

        @Override
        public Object get(Object record) {
            try {
                return field(record).get(record);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Object with(Object record, Object value) {
            try {
                field(record).set(record, value);
                return record;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
