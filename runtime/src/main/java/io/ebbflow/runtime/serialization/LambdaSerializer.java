package io.ebbflow.runtime.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * Serializable lambdas (user functions written as lambdas). A lambda is written as its
 * {@link SerializedLambda}; reading asks the class that defined the lambda to rebuild it. Both classes
 * are resolved through the Kryo instance's class loader, so lambdas defined in a job jar (loaded by a
 * per-job class loader) work; Kryo's own closure serializer resolves the defining class through its own
 * class loader on Java 17 and cannot see job classes.
 */
final class LambdaSerializer extends Serializer<Object> {

    @Override
    public void write(Kryo kryo, Output output, Object lambda) {
        SerializedLambda s = toSerializedLambda(lambda);
        output.writeString(s.getCapturingClass().replace('/', '.'));
        output.writeString(s.getFunctionalInterfaceClass());
        output.writeString(s.getFunctionalInterfaceMethodName());
        output.writeString(s.getFunctionalInterfaceMethodSignature());
        output.writeVarInt(s.getImplMethodKind(), true);
        output.writeString(s.getImplClass());
        output.writeString(s.getImplMethodName());
        output.writeString(s.getImplMethodSignature());
        output.writeString(s.getInstantiatedMethodType());
        output.writeVarInt(s.getCapturedArgCount(), true);
        for (int i = 0; i < s.getCapturedArgCount(); i++) {
            kryo.writeClassAndObject(output, s.getCapturedArg(i));
        }
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
        String capturingClassName = input.readString();
        Class<?> capturingClass;
        try {
            capturingClass = Class.forName(capturingClassName, false, kryo.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new KryoException("the class defining a lambda is missing: " + capturingClassName, e);
        }
        String interfaceClass = input.readString();
        String interfaceMethod = input.readString();
        String interfaceSignature = input.readString();
        int implKind = input.readVarInt(true);
        String implClass = input.readString();
        String implMethod = input.readString();
        String implSignature = input.readString();
        String instantiatedType = input.readString();
        Object[] captured = new Object[input.readVarInt(true)];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = kryo.readClassAndObject(input);
        }
        SerializedLambda s = new SerializedLambda(capturingClass, interfaceClass, interfaceMethod, interfaceSignature,
                implKind, implClass, implMethod, implSignature, instantiatedType, captured);
        try {
            Method rebuild = capturingClass.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            rebuild.setAccessible(true);
            return rebuild.invoke(null, s);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new KryoException("cannot rebuild lambda " + implClass + "." + implMethod + " defined in "
                    + capturingClassName + ": " + e, e);
        }
    }

    private static SerializedLambda toSerializedLambda(Object lambda) {
        try {
            Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return (SerializedLambda) writeReplace.invoke(lambda);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new KryoException("a lambda that is not serializable: " + lambda.getClass().getName()
                    + " (its functional interface must extend java.io.Serializable)", e);
        }
    }
}
