package io.ebbflow.runtime.serialization;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ebbflow.api.tuple.Tuple;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The serializer of each record class: hand-written ones for primitives' boxes, strings, arrays and
 * tuples; reflective ones for Java records (components) and POJOs (fields); Kryo for anything else.
 * Java serialization is never used.
 */
public final class Serializers {

    private static final ClassValue<ValueSerializer> BY_CLASS = new ClassValue<>() {
        @Override
        protected ValueSerializer computeValue(Class<?> type) {
            return create(type);
        }
    };

    private Serializers() {
    }

    public static ValueSerializer of(Class<?> type) {
        return BY_CLASS.get(type);
    }

    /** Classes with a fixed id in every stream, in id order starting at {@link RecordCodec#FIRST_FIXED_ID}. */
    static final List<Class<?>> FIXED = List.of(Long.class, Integer.class, String.class, Double.class, Boolean.class,
            Float.class, Short.class, Byte.class, Character.class, byte[].class, io.ebbflow.api.tuple.Tuple1.class,
            io.ebbflow.api.tuple.Tuple2.class, io.ebbflow.api.tuple.Tuple3.class, io.ebbflow.api.tuple.Tuple4.class,
            io.ebbflow.api.tuple.Tuple5.class, ArrayList.class, HashMap.class, long[].class, int[].class, double[].class);

    private static ValueSerializer create(Class<?> type) {
        if (type == Long.class) {
            return LONG;
        } else if (type == Integer.class) {
            return INT;
        } else if (type == String.class) {
            return STRING;
        } else if (type == Double.class) {
            return DOUBLE;
        } else if (type == Boolean.class) {
            return BOOLEAN;
        } else if (type == Float.class) {
            return simple((v, o) -> o.writeFloat((Float) v), DataInputBuffer::readFloat);
        } else if (type == Short.class) {
            return simple((v, o) -> o.writeShort((Short) v), DataInputBuffer::readShort);
        } else if (type == Byte.class) {
            return simple((v, o) -> o.writeByte((Byte) v), DataInputBuffer::readByte);
        } else if (type == Character.class) {
            return simple((v, o) -> o.writeChar((Character) v), DataInputBuffer::readChar);
        } else if (type == byte[].class) {
            return simple((v, o) -> {
                byte[] b = (byte[]) v;
                o.writeVarInt(b.length);
                o.writeBytes(b, 0, b.length);
            }, in -> in.readBytes(in.readVarInt()));
        } else if (type == long[].class) {
            return simple((v, o) -> {
                long[] a = (long[]) v;
                o.writeVarInt(a.length);
                o.writeLongs(a);
            }, in -> {
                long[] a = new long[in.readVarInt()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readLong();
                }
                return a;
            });
        } else if (type == int[].class) {
            return simple((v, o) -> {
                int[] a = (int[]) v;
                o.writeVarInt(a.length);
                for (int x : a) {
                    o.writeInt(x);
                }
            }, in -> {
                int[] a = new int[in.readVarInt()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readInt();
                }
                return a;
            });
        } else if (type == double[].class) {
            return simple((v, o) -> {
                double[] a = (double[]) v;
                o.writeVarInt(a.length);
                for (double x : a) {
                    o.writeDouble(x);
                }
            }, in -> {
                double[] a = new double[in.readVarInt()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readDouble();
                }
                return a;
            });
        } else if (Tuple.class.isAssignableFrom(type) && type.getName().startsWith("io.ebbflow.api.tuple.Tuple")) {
            return new TupleSerializer(type);
        } else if (type == ArrayList.class) {
            return new ListSerializer();
        } else if (type == HashMap.class) {
            return new MapSerializer();
        } else if (type.isEnum()) {
            return new EnumSerializer(type);
        } else if (type.isRecord()) {
            return new RecordClassSerializer(type);
        }
        ValueSerializer pojo = PojoSerializer.tryCreate(type);
        return pojo != null ? pojo : new KryoValueSerializer(type);
    }

    @FunctionalInterface
    private interface Writer {
        void write(Object v, DataOutputBuffer out);
    }

    @FunctionalInterface
    private interface Reader {
        Object read(DataInputBuffer in) throws IOException;
    }

    private static ValueSerializer simple(Writer w, Reader r) {
        return new ValueSerializer() {
            @Override
            public void write(Object value, DataOutputBuffer out, RecordCodec codec) {
                w.write(value, out);
            }

            @Override
            public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
                return r.read(in);
            }
        };
    }

    static final ValueSerializer LONG = new ValueSerializer() {
        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) {
            out.writeLong((Long) value);
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            return in.readLong();
        }
    };

    static final ValueSerializer INT = new ValueSerializer() {
        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) {
            out.writeInt((Integer) value);
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            return in.readInt();
        }
    };

    static final ValueSerializer STRING = new ValueSerializer() {
        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) {
            out.writeString((String) value);
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            return in.readString();
        }
    };

    static final ValueSerializer DOUBLE = new ValueSerializer() {
        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) {
            out.writeDouble((Double) value);
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            return in.readDouble();
        }
    };

    static final ValueSerializer BOOLEAN = new ValueSerializer() {
        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) {
            out.writeBoolean((Boolean) value);
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            return in.readBoolean();
        }
    };

    /** Tuples: the arity is known from the class; each field with its own class. */
    private static final class TupleSerializer implements ValueSerializer {
        private final int arity;

        TupleSerializer(Class<?> type) {
            this.arity = ((Tuple) newInstance(type)).getArity();
        }

        private static Object newInstance(Class<?> type) {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) throws IOException {
            Tuple t = (Tuple) value;
            for (int i = 0; i < arity; i++) {
                codec.writeNested(t.getField(i), out);
            }
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            Tuple t = Tuple.newInstance(arity);
            for (int i = 0; i < arity; i++) {
                t.setField(codec.readNested(in), i);
            }
            return t;
        }
    }

    private static final class ListSerializer implements ValueSerializer {
        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) throws IOException {
            List<?> list = (List<?>) value;
            out.writeVarInt(list.size());
            for (Object o : list) {
                codec.writeNested(o, out);
            }
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            int n = in.readVarInt();
            ArrayList<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(codec.readNested(in));
            }
            return list;
        }
    }

    private static final class MapSerializer implements ValueSerializer {
        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) throws IOException {
            Map<?, ?> map = (Map<?, ?>) value;
            out.writeVarInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                codec.writeNested(e.getKey(), out);
                codec.writeNested(e.getValue(), out);
            }
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            int n = in.readVarInt();
            HashMap<Object, Object> map = new HashMap<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) {
                map.put(codec.readNested(in), codec.readNested(in));
            }
            return map;
        }
    }

    private static final class EnumSerializer implements ValueSerializer {
        private final Object[] constants;

        EnumSerializer(Class<?> type) {
            this.constants = type.getEnumConstants();
        }

        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) {
            out.writeVarInt(((Enum<?>) value).ordinal());
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            return constants[in.readVarInt()];
        }
    }

    /** Java records: each component in order, rebuilt with the canonical constructor. */
    private static final class RecordClassSerializer implements ValueSerializer {
        private final MethodHandle[] accessors;
        private final Class<?>[] types;
        private final MethodHandle constructor;

        RecordClassSerializer(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            accessors = new MethodHandle[components.length];
            types = new Class<?>[components.length];
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                for (int i = 0; i < components.length; i++) {
                    var accessor = components[i].getAccessor();
                    accessor.setAccessible(true);
                    accessors[i] = lookup.unreflect(accessor);
                    types[i] = components[i].getType();
                }
                Constructor<?> ctor = type.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                constructor = lookup.unreflectConstructor(ctor).asSpreader(Object[].class, types.length);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot serialize record " + type.getName() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) throws IOException {
            try {
                for (int i = 0; i < accessors.length; i++) {
                    Primitives.write(types[i], accessors[i].invoke(value), out, codec);
                }
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            Object[] args = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                args[i] = Primitives.read(types[i], in, codec);
            }
            try {
                return constructor.invoke(args);
            } catch (Throwable t) {
                throw new IOException("cannot rebuild record: " + t, t);
            }
        }
    }

    /** Classes with a no-argument constructor: every non-static, non-transient field, superclasses first. */
    private static final class PojoSerializer implements ValueSerializer {
        private final Constructor<?> constructor;
        private final Field[] fields;

        private PojoSerializer(Constructor<?> constructor, Field[] fields) {
            this.constructor = constructor;
            this.fields = fields;
        }

        static PojoSerializer tryCreate(Class<?> type) {
            if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isArray()
                    || type.getName().startsWith("java.") || type.getName().startsWith("javax.")) {
                return null;
            }
            try {
                Constructor<?> ctor = type.getDeclaredConstructor();
                ctor.setAccessible(true);
                List<Field> all = new ArrayList<>();
                List<Class<?>> chain = new ArrayList<>();
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                    chain.add(0, c);
                }
                for (Class<?> c : chain) {
                    for (Field f : c.getDeclaredFields()) {
                        int m = f.getModifiers();
                        if (!Modifier.isStatic(m) && !Modifier.isTransient(m)) {
                            f.setAccessible(true);
                            all.add(f);
                        }
                    }
                }
                return new PojoSerializer(ctor, all.toArray(Field[]::new));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) throws IOException {
            try {
                for (Field f : fields) {
                    Primitives.write(f.getType(), f.get(value), out, codec);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            try {
                Object o = constructor.newInstance();
                for (Field f : fields) {
                    f.set(o, Primitives.read(f.getType(), in, codec));
                }
                return o;
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot rebuild " + constructor.getDeclaringClass().getName() + ": " + e, e);
            }
        }
    }

    /** Anything else, with Kryo (length-prefixed). */
    private static final class KryoValueSerializer implements ValueSerializer {
        private final Class<?> type;

        KryoValueSerializer(Class<?> type) {
            this.type = type;
        }

        @Override
        public void write(Object value, DataOutputBuffer out, RecordCodec codec) {
            try (Output o = new Output(256, -1)) {
                codec.kryo().writeObject(o, value);
                byte[] b = o.toBytes();
                out.writeVarInt(b.length);
                out.writeBytes(b, 0, b.length);
            }
        }

        @Override
        public Object read(DataInputBuffer in, RecordCodec codec) throws IOException {
            byte[] b = in.readBytes(in.readVarInt());
            try (Input i = new Input(b)) {
                return codec.kryo().readObject(i, type);
            }
        }
    }

    /** Primitive-typed fields are written raw; others with their class. */
    private static final class Primitives {
        static void write(Class<?> type, Object v, DataOutputBuffer out, RecordCodec codec) throws IOException {
            if (!type.isPrimitive()) {
                codec.writeNested(v, out);
            } else if (type == long.class) {
                out.writeLong((Long) v);
            } else if (type == int.class) {
                out.writeInt((Integer) v);
            } else if (type == double.class) {
                out.writeDouble((Double) v);
            } else if (type == boolean.class) {
                out.writeBoolean((Boolean) v);
            } else if (type == float.class) {
                out.writeFloat((Float) v);
            } else if (type == short.class) {
                out.writeShort((Short) v);
            } else if (type == byte.class) {
                out.writeByte((Byte) v);
            } else {
                out.writeChar((Character) v);
            }
        }

        static Object read(Class<?> type, DataInputBuffer in, RecordCodec codec) throws IOException {
            if (!type.isPrimitive()) {
                return codec.readNested(in);
            } else if (type == long.class) {
                return in.readLong();
            } else if (type == int.class) {
                return in.readInt();
            } else if (type == double.class) {
                return in.readDouble();
            } else if (type == boolean.class) {
                return in.readBoolean();
            } else if (type == float.class) {
                return in.readFloat();
            } else if (type == short.class) {
                return in.readShort();
            } else if (type == byte.class) {
                return in.readByte();
            }
            return in.readChar();
        }
    }
}
