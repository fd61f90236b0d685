package io.ebbflow.runtime.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

/** Kryo instances configured for Ebbflow: any class, object references, serializable lambdas. */
public final class KryoFactory {

    private KryoFactory() {
    }

    public static Kryo create(ClassLoader classLoader) {
        Kryo kryo = new Kryo();
        kryo.setClassLoader(classLoader);
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.register(ClosureSerializer.Closure.class, new LambdaSerializer());
        kryo.setDefaultSerializer(new CapturingFieldSerializerFactory());
        return kryo;
    }

    /**
     * Kryo's field serializer, except that it keeps the synthetic fields in which an anonymous or local class holds
     * the locals it captures ({@code val$name}): by default Kryo skips every synthetic field, so an anonymous
     * {@code MapFunction} reached its TaskExecutor with its captured locals null. The enclosing instance
     * ({@code this$0}) is still left out, as Flink's closure cleaner leaves it out of a function that does not use
     * it: it is typically the class that builds the job, or a test, and not meant to travel.
     */
    private static final class CapturingFieldSerializerFactory
            extends SerializerFactory.BaseSerializerFactory<FieldSerializer<?>> {

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public FieldSerializer<?> newSerializer(Kryo kryo, Class type) {
            FieldSerializer.FieldSerializerConfig config = new FieldSerializer.FieldSerializerConfig();
            config.setIgnoreSyntheticFields(false);
            FieldSerializer<?> serializer = new FieldSerializer<>(kryo, type, config);
            for (FieldSerializer.CachedField field : serializer.getFields()) {
                if (field.getField().isSynthetic() && field.getName().startsWith("this$")) {
                    serializer.removeField(field.getName());
                }
            }
            return serializer;
        }
    }
}
