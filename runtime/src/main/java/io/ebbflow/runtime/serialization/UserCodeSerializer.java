package io.ebbflow.runtime.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Ships user code (operator specs with their functions, key selectors, source splits) from the
 * JobMaster to TaskExecutors, with Kryo: functions are serializable objects or serializable lambdas, as
 * in Flink. Deserialization uses the job's class loader.
 */
public final class UserCodeSerializer {

    private UserCodeSerializer() {
    }

    public static byte[] serialize(Object value, ClassLoader classLoader) {
        Kryo kryo = KryoFactory.create(classLoader);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Kryo resolves the classes that define lambdas through the context class loader.
        thread.setContextClassLoader(classLoader);
        try (Output out = new Output(4096, -1)) {
            kryo.writeClassAndObject(out, value);
            return out.toBytes();
        } catch (KryoException e) {
            throw new IllegalArgumentException("cannot ship " + value.getClass().getName()
                    + " to the TaskExecutors (user functions and what they capture must be serializable): "
                    + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public static Object deserialize(byte[] bytes, ClassLoader classLoader) {
        Kryo kryo = KryoFactory.create(classLoader);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try (Input in = new Input(bytes)) {
            return kryo.readClassAndObject(in);
        } catch (KryoException e) {
            throw new IllegalArgumentException("cannot read shipped user code: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
