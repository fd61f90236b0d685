package io.ebbflow.api.state;

import java.util.Map;

/**
 * A broadcast state as the non-broadcast side sees it: read only, so that every subtask keeps the same
 * contents (only the broadcast side, which every subtask receives in full, may change it).
 */
public interface ReadOnlyBroadcastState<K, V> extends State {

    /** The value of {@code key}, or null. */
    V get(K key) throws Exception;

    boolean contains(K key) throws Exception;

    /** The entries, which cannot be changed through this view. */
    Iterable<Map.Entry<K, V>> immutableEntries() throws Exception;
}
