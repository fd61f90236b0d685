package io.ebbflow.api.functions;

/**
 * Extracts the key of a record. The key's {@code hashCode} decides its key group (and so the subtask
 * that owns it), exactly as in Flink: keys must have a deterministic {@code hashCode} (not identity).
 */
@FunctionalInterface
public interface KeySelector<T, K> extends Function {
    K getKey(T value) throws Exception;
}
