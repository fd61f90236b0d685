package io.ebbflow.runtime.serialization;

import com.esotericsoftware.kryo.Kryo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes the records of one stream (one channel, or one state snapshot) with their classes. Each value
 * is written as a class tag and its serializer's bytes; common classes have fixed tags, and any other
 * class is named once per stream, the first time it appears, and referred to by a number afterwards.
 * So records need no declared type and a stream of one class costs one byte per record for its tag.
 *
 * <p>One codec encodes or decodes one stream, in order, from one thread.
 */
public final class RecordCodec {

    static final int NULL = 0;
    static final int NEW_CLASS = 1;
    static final int FIRST_FIXED_ID = 2;
    static final int FIRST_DYNAMIC_ID = FIRST_FIXED_ID + Serializers.FIXED.size();

    private static final Map<Class<?>, Integer> FIXED_IDS = new IdentityHashMap<>();

    static {
        for (int i = 0; i < Serializers.FIXED.size(); i++) {
            FIXED_IDS.put(Serializers.FIXED.get(i), FIRST_FIXED_ID + i);
        }
    }

    private final ClassLoader classLoader;
    private final ClassLoader decoding;
    private final Map<Class<?>, Integer> writeIds = new IdentityHashMap<>();
    private final List<Class<?>> readClasses = new ArrayList<>();
    private final List<ValueSerializer> readSerializers = new ArrayList<>();
    private Class<?> lastClass;
    private int lastId;
    private ValueSerializer lastSerializer;
    /** The class before the last: keys and values of state alternate between two classes. */
    private Class<?> prevClass;
    private int prevId;
    private ValueSerializer prevSerializer;
    private int nextId = FIRST_DYNAMIC_ID;
    private Kryo kryo;

    public RecordCodec(ClassLoader classLoader) {
        this.classLoader = classLoader;
        this.decoding = AllowedClasses.of(classLoader);
        for (Class<?> c : Serializers.FIXED) {
            readClasses.add(c);
            readSerializers.add(Serializers.of(c));
        }
    }

    /** Writes a record (never null). */
    public void write(Object value, DataOutputBuffer out) throws IOException {
        if (value == null) {
            throw new NullPointerException("records must not be null");
        }
        writeNested(value, out);
    }

    /** Reads a record written by {@link #write}. */
    public Object read(DataInputBuffer in) throws IOException {
        return readNested(in);
    }

    /** Writes a value that may be null (a field of a record). */
    public void writeNested(Object value, DataOutputBuffer out) throws IOException {
        if (value == null) {
            out.writeVarInt(NULL);
            return;
        }
        Class<?> c = value.getClass();
        if (c != lastClass && c == prevClass) {
            prevClass = lastClass;
            int id = prevId;
            ValueSerializer serializer = prevSerializer;
            prevId = lastId;
            prevSerializer = lastSerializer;
            lastClass = c;
            lastId = id;
            lastSerializer = serializer;
        } else if (c != lastClass) {
            Integer id = FIXED_IDS.get(c);
            if (id == null) {
                id = writeIds.get(c);
            }
            if (id == null) {
                id = nextId++;
                writeIds.put(c, id);
                out.writeVarInt(NEW_CLASS);
                out.writeString(c.getName());
            }
            prevClass = lastClass;
            prevId = lastId;
            prevSerializer = lastSerializer;
            lastClass = c;
            lastId = id;
            lastSerializer = Serializers.of(c);
        }
        out.writeVarInt(lastId);
        lastSerializer.write(value, out, this);
    }

    /** Reads a value written by {@link #writeNested}. */
    public Object readNested(DataInputBuffer in) throws IOException {
        int tag = in.readVarInt();
        if (tag == NULL) {
            return null;
        }
        if (tag == NEW_CLASS) {
            String name = in.readString();
            Class<?> c;
            try {
                c = Class.forName(name, false, decoding);
            } catch (ClassNotFoundException e) {
                throw new IOException("record class " + name + " is not on the job's class path or not allowed: "
                        + e.getMessage(), e);
            } catch (LinkageError e) {
                throw new IOException("record class " + name + " cannot be loaded: " + e, e);
            }
            readClasses.add(c);
            readSerializers.add(Serializers.of(c));
            tag = in.readVarInt();
        }
        int index = tag - FIRST_FIXED_ID;
        if (index < 0 || index >= readSerializers.size()) {
            throw new IOException("unknown class tag " + tag + " in the stream");
        }
        return readSerializers.get(index).read(in, this);
    }

    Kryo kryo() {
        if (kryo == null) {
            kryo = KryoFactory.create(classLoader);
        }
        return kryo;
    }
}
