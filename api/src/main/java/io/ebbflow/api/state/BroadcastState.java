package io.ebbflow.api.state;

import java.util.Iterator;
import java.util.Map;

/**
 * A map every parallel subtask of a broadcast operator holds in full, changed only while processing the
 * broadcast input (which every subtask receives in full, in the same order), so the copies stay equal. It
 * is part of every subtask's checkpoint and is restored to every subtask, at any parallelism.
 */
public interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V> {

    void put(K key, V value) throws Exception;

    void putAll(Map<K, V> map) throws Exception;

    void remove(K key) throws Exception;

    Iterator<Map.Entry<K, V>> iterator() throws Exception;

    Iterable<Map.Entry<K, V>> entries() throws Exception;
}
