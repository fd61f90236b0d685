package io.ebbflow.runtime.testing;

import io.ebbflow.api.functions.SinkFunction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A sink that collects into a named list of this JVM (for tests running jobs in-process). */
public final class CollectSink<T> implements SinkFunction<T> {

    private static final Map<String, List<Object>> RESULTS = new ConcurrentHashMap<>();
    private final String name;

    public CollectSink(String name) {
        this.name = name;
        RESULTS.put(name, java.util.Collections.synchronizedList(new java.util.ArrayList<>()));
    }

    @Override
    public void invoke(T value) {
        RESULTS.get(name).add(value);
    }

    /** A copy of what was collected so far. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> results(String name) {
        List<Object> l = RESULTS.getOrDefault(name, List.of());
        synchronized (l) {
            return (List<T>) new java.util.ArrayList<>(l);
        }
    }
}
