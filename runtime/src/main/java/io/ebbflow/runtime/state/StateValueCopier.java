package io.ebbflow.runtime.state;

import io.ebbflow.runtime.serialization.DataInputBuffer;
import io.ebbflow.runtime.serialization.DataOutputBuffer;
import io.ebbflow.runtime.serialization.RecordCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Deep copies of state values, so that a value a pending snapshot still reads is never changed in place
 * by user code (a {@code long[]} in a ValueState, the list of a ListState, the map of a MapState, an
 * aggregate's accumulator). Values of immutable classes (boxed primitives, strings, enums, and records
 * whose components are all of such classes) are shared, never copied. Arrays of primitives are cloned;
 * lists and maps of immutable elements are copied shallowly; anything else goes through the same
 * serializers the snapshot uses (written and read back), so the copy is exactly what a snapshot would
 * restore.
 *
 * <p>Used by the subtask's thread only.
 */
final class StateValueCopier {

    private static final Set<Class<?>> IMMUTABLE_LEAVES = Set.of(Long.class, Integer.class, String.class, Double.class,
            Boolean.class, Float.class, Short.class, Byte.class, Character.class, BigInteger.class, BigDecimal.class,
            VoidNamespace.class);

    private static final ClassValue<Boolean> IMMUTABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return immutableClass(type, 0);
        }
    };

    private final ClassLoader classLoader;
    private final DataOutputBuffer buffer = new DataOutputBuffer(256);
    private final DataInputBuffer input = new DataInputBuffer();
    private RecordCodec writer;
    private RecordCodec reader;

    StateValueCopier(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    static boolean isImmutable(Object value) {
        return value == null || IMMUTABLE.get(value.getClass());
    }

    private static boolean immutableClass(Class<?> type, int depth) {
        if (type.isPrimitive() || IMMUTABLE_LEAVES.contains(type) || type.isEnum()) {
            return true;
        }
        if (!type.isRecord() || depth > 4) {
            return false;
        }
        for (var c : type.getRecordComponents()) {
            Class<?> t = c.getType();
            // A component of a non-final declared type may hold a mutable subclass.
            if (!t.isPrimitive() && !java.lang.reflect.Modifier.isFinal(t.getModifiers()) && !t.isEnum()) {
                return false;
            }
            if (!immutableClass(t, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /** A copy of {@code value} that shares nothing mutable with it. */
    Object copy(Object value) {
        if (isImmutable(value)) {
            return value;
        }
        if (value instanceof long[] a) {
            return a.clone();
        } else if (value instanceof int[] a) {
            return a.clone();
        } else if (value instanceof double[] a) {
            return a.clone();
        } else if (value instanceof byte[] a) {
            return a.clone();
        } else if (value.getClass() == ArrayList.class && allImmutable((ArrayList<?>) value)) {
            return new ArrayList<>((ArrayList<?>) value);
        } else if (value.getClass() == HashMap.class && allImmutable((HashMap<?, ?>) value)) {
            return new HashMap<>((HashMap<?, ?>) value);
        }
        return viaSerializers(value);
    }

    private static boolean allImmutable(ArrayList<?> list) {
        for (Object o : list) {
            if (!isImmutable(o)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allImmutable(HashMap<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!isImmutable(e.getKey()) || !isImmutable(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Written and read back by one pair of codecs kept in step (each class is named once to both). */
    private Object viaSerializers(Object value) {
        if (writer == null) {
            writer = new RecordCodec(classLoader);
            reader = new RecordCodec(classLoader);
        }
        try {
            buffer.reset();
            writer.writeNested(value, buffer);
            input.reset(buffer.data(), 0, buffer.length());
            Object copy = reader.readNested(input);
            if (input.hasRemaining()) {
                throw new IOException("the copy did not read every byte written");
            }
            return copy;
        } catch (IOException | RuntimeException e) {
            writer = null; // the pair may be out of step now
            reader = null;
            throw new IllegalStateException("a state value of " + value.getClass().getName() + " cannot be copied for "
                    + "the snapshot in progress (it is written and read back with the state serializers): " + e, e);
        }
    }
}
