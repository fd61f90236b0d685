package io.ebbflow.runtime.state;

import java.util.HashMap;
import java.util.Map;

/**
 * The values of one piece of keyed state, organised by key group (so a snapshot can be written, and
 * read back, per key group), then by key, then (for per-window state) by namespace.
 */
public final class StateTable {

    private final String name;
    private final String kind;
    private final boolean namespaced;
    private final KeyGroupRange range;
    private final HashMap<Object, Object>[] byKeyGroup;

    @SuppressWarnings("unchecked")
    StateTable(String name, String kind, boolean namespaced, KeyGroupRange range) {
        this.name = name;
        this.kind = kind;
        this.namespaced = namespaced;
        this.range = range;
        this.byKeyGroup = new HashMap[range.size()];
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public boolean isNamespaced() {
        return namespaced;
    }

    private HashMap<Object, Object> group(int keyGroup, boolean create) {
        int i = keyGroup - range.start();
        HashMap<Object, Object> m = byKeyGroup[i];
        if (m == null && create) {
            m = new HashMap<>();
            byKeyGroup[i] = m;
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    public Object get(int keyGroup, Object key, Object namespace) {
        HashMap<Object, Object> g = group(keyGroup, false);
        if (g == null) {
            return null;
        }
        Object v = g.get(key);
        if (!namespaced || v == null) {
            return v;
        }
        return ((Map<Object, Object>) v).get(namespace);
    }

    @SuppressWarnings("unchecked")
    public void put(int keyGroup, Object key, Object namespace, Object value) {
        HashMap<Object, Object> g = group(keyGroup, true);
        if (!namespaced) {
            g.put(key, value);
            return;
        }
        ((Map<Object, Object>) g.computeIfAbsent(key, k -> new HashMap<>(4))).put(namespace, value);
    }

    @SuppressWarnings("unchecked")
    public void remove(int keyGroup, Object key, Object namespace) {
        HashMap<Object, Object> g = group(keyGroup, false);
        if (g == null) {
            return;
        }
        if (!namespaced) {
            g.remove(key);
            return;
        }
        Map<Object, Object> byNs = (Map<Object, Object>) g.get(key);
        if (byNs != null) {
            byNs.remove(namespace);
            if (byNs.isEmpty()) {
                g.remove(key);
            }
        }
    }

    /** The entries of one key group: key to value, or key to (namespace to value) if namespaced; may be null. */
    public Map<Object, Object> keyGroupEntries(int keyGroup) {
        return group(keyGroup, false);
    }

    /** Number of (key, namespace) entries. */
    @SuppressWarnings("unchecked")
    public long size() {
        long n = 0;
        for (HashMap<Object, Object> g : byKeyGroup) {
            if (g == null) {
                continue;
            }
            if (!namespaced) {
                n += g.size();
            } else {
                for (Object v : g.values()) {
                    n += ((Map<Object, Object>) v).size();
                }
            }
        }
        return n;
    }
}
