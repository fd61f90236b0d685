package io.ebbflow.api.util;

import java.io.Serializable;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * Names a side output of an operator: {@code ctx.output(tag, value)} in a process-style function emits
 * into it, {@code getSideOutput(tag)} reads it as a stream. Tags are equal when their ids are.
 *
 * <p>As in Flink, create it as an anonymous subclass so that its element type is known:
 * {@code new OutputTag<String>("rejected") {}}; or name the type: {@code new OutputTag<>("rejected", String.class)}.
 * A tag whose type is known is checked: using one id with two types on one operator is refused when the
 * job is built, and a value of another type emitted into it fails the job naming the tag.
 */
public class OutputTag<T> implements Serializable {

    private final String id;
    private final Class<?> type;

    /** The type comes from the anonymous subclass's type argument, if there is one. */
    public OutputTag(String id) {
        this.id = requireId(id);
        this.type = typeArgument(getClass());
    }

    public OutputTag(String id, Class<T> type) {
        this.id = requireId(id);
        this.type = Objects.requireNonNull(type, "type of output tag '" + id + "'");
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an OutputTag id must not be blank");
        }
        return id;
    }

    private static Class<?> typeArgument(Class<?> c) {
        Type s = c.getGenericSuperclass();
        if (c == OutputTag.class || !(s instanceof ParameterizedType p)) {
            return null;
        }
        Type arg = p.getActualTypeArguments()[0];
        if (arg instanceof Class<?> k) {
            return k;
        }
        if (arg instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> k) {
            return k;
        }
        return null;
    }

    public String getId() {
        return id;
    }

    /** The element type (its raw class), or null when it is not known. */
    public Class<?> getTypeClass() {
        return type;
    }

    /** Whether a value may be emitted into this tag (always, when the type is not known). */
    public boolean accepts(Object value) {
        return type == null || value == null || boxed(type).isInstance(value);
    }

    private static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputTag<?> t && t.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "OutputTag(" + id + (type == null ? "" : ", " + type.getSimpleName()) + ")";
    }
}
