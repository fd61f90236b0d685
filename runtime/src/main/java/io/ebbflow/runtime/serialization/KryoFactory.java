package io.ebbflow.runtime.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Kryo instances configured for Ebbflow: object references, serializable lambdas, and class names resolved only
 * to allowed classes ({@link AllowedClasses}: the job's own, Java's values and collections, Ebbflow's API), never
 * to anything else on the class path.
 */
public final class KryoFactory {

    private KryoFactory() {
    }

    public static Kryo create(ClassLoader classLoader) {
        AllowedClasses allowed = (AllowedClasses) AllowedClasses.of(classLoader);
        Kryo kryo = new Kryo(new AllowedClassResolver(allowed), new MapReferenceResolver());
        kryo.setClassLoader(allowed);
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

    /**
     * Kryo resolves a class name through its class loader and, failing that, through its own: so every name it
     * reads is checked here, after resolution and before any instance of the class is made.
     */
    private static final class AllowedClassResolver extends DefaultClassResolver {
        private final AllowedClasses allowed;

        AllowedClassResolver(AllowedClasses allowed) {
            this.allowed = allowed;
        }

        @Override
        protected Registration readName(Input input) {
            Registration registration = super.readName(input);
            if (registration != null && !allowed.allowed(registration.getType())) {
                throw new KryoException(allowed.refuse(registration.getType().getName()));
            }
            return registration;
        }
    }
}
