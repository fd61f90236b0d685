package io.ebbflow.runtime.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The values of one piece of keyed state, organised by key group (so a snapshot can be written, and
 * read back, per key group), then by key, or by (key, namespace) for per-window state. Each key group
 * is a {@link CopyOnWriteMap}, so a snapshot is a frozen view taken in O(key groups) at the barrier and
 * read later from another thread while the subtask goes on writing.
 *
 * <p>Used by the subtask's thread only, except the frozen {@link View}s.
 */
public final class StateTable {

    private final String name;
    private final String kind;
    private final boolean namespaced;
    private final KeyGroupRange range;
    private final SnapshotVersions versions;
    private final StateValueCopier copier;
    private final CopyOnWriteMap[] byKeyGroup;
    /** For state with a TTL that snapshots clean ({@code cleanupFullSnapshot}), else null. */
    private TtlStates.Ttl ttl;

    StateTable(String name, String kind, boolean namespaced, KeyGroupRange range, SnapshotVersions versions,
            StateValueCopier copier) {
        this.name = name;
        this.kind = kind;
        this.namespaced = namespaced;
        this.range = range;
        this.versions = versions;
        this.copier = copier;
        this.byKeyGroup = new CopyOnWriteMap[range.size()];
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

    private CopyOnWriteMap group(int keyGroup, boolean create) {
        int i = keyGroup - range.start();
        CopyOnWriteMap m = byKeyGroup[i];
        if (m == null && create) {
            m = new CopyOnWriteMap(versions, copier);
            byKeyGroup[i] = m;
        }
        return m;
    }

    private Object mapKey(Object key, Object namespace) {
        return namespaced ? new NamespacedKey(key, namespace) : key;
    }

    /** The value, or null; a value a pending snapshot still reads comes back as the subtask's own copy. */
    public Object get(int keyGroup, Object key, Object namespace) {
        CopyOnWriteMap g = group(keyGroup, false);
        if (g == null) {
            return null;
        }
        Object k = mapKey(key, namespace);
        return g.get(k, CopyOnWriteMap.hash(k));
    }

    public void put(int keyGroup, Object key, Object namespace, Object value) {
        Object k = mapKey(key, namespace);
        group(keyGroup, true).put(k, CopyOnWriteMap.hash(k), value);
    }

    public void remove(int keyGroup, Object key, Object namespace) {
        CopyOnWriteMap g = group(keyGroup, false);
        if (g != null) {
            Object k = mapKey(key, namespace);
            g.remove(k, CopyOnWriteMap.hash(k));
        }
    }

    /**
     * The keys with a value in this (not per-window) table, each with its key group: a copy, so the caller may
     * change or clear the state of the keys it visits.
     */
    public List<KeyInGroup> keys() {
        if (namespaced) {
            throw new IllegalStateException("state '" + name + "' is per window; its keys are not listed");
        }
        List<KeyInGroup> out = new ArrayList<>();
        for (int i = 0; i < byKeyGroup.length; i++) {
            if (byKeyGroup[i] != null) {
                int keyGroup = range.start() + i;
                byKeyGroup[i].forEachKey(k -> out.add(new KeyInGroup(k, keyGroup)));
            }
        }
        return out;
    }

    /** A key and its key group. */
    public record KeyInGroup(Object key, int keyGroup) {
    }

    /** Number of (key, namespace) entries. */
    public long size() {
        long n = 0;
        for (CopyOnWriteMap g : byKeyGroup) {
            if (g != null) {
                n += g.size();
            }
        }
        return n;
    }

    void setTtl(TtlStates.Ttl ttl) {
        this.ttl = ttl;
    }

    /**
     * The table as it is now, for a snapshot whose version the backend has just taken. O(key groups). A table
     * with a TTL that snapshots clean gives a view that leaves out what has expired by now.
     */
    View freeze() {
        List<CopyOnWriteMap.Frozen> groups = new ArrayList<>(byKeyGroup.length);
        for (CopyOnWriteMap g : byKeyGroup) {
            groups.add(g == null || g.size() == 0 ? null : g.freeze());
        }
        View view = new View(name, kind, namespaced, range, groups);
        if (ttl != null) {
            TtlStates.Ttl rules = ttl;
            long now = rules.now();
            view.filter = value -> TtlStates.snapshotFilter(kind, rules, now, value);
        }
        return view;
    }

    /** What a snapshot reads: a table's entries per key group as they were at the barrier. Any thread. */
    public static final class View {
        private final String name;
        private final String kind;
        private final boolean namespaced;
        private final KeyGroupRange range;
        private final List<CopyOnWriteMap.Frozen> groups;
        /** What a snapshot keeps of a value (null: leave it out), or null to keep everything. */
        private java.util.function.UnaryOperator<Object> filter;

        View(String name, String kind, boolean namespaced, KeyGroupRange range, List<CopyOnWriteMap.Frozen> groups) {
            this.name = name;
            this.kind = kind;
            this.namespaced = namespaced;
            this.range = range;
            this.groups = groups;
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

        /** Whether {@link #forEach} leaves some stored values out (expired TTL values), so may visit fewer than {@link #size}. */
        public boolean filters() {
            return filter != null;
        }

        /** Entries ((key, namespace) pairs) in the key group. */
        public int size(int keyGroup) {
            CopyOnWriteMap.Frozen g = groups.get(keyGroup - range.start());
            return g == null ? 0 : g.size();
        }

        /** Visits the key group's entries: key, namespace ({@link VoidNamespace} if not namespaced), value. */
        public void forEach(int keyGroup, EntryVisitor visitor) throws java.io.IOException {
            CopyOnWriteMap.Frozen g = groups.get(keyGroup - range.start());
            if (g == null) {
                return;
            }
            for (CopyOnWriteMap.Entry head : g.buckets()) {
                for (CopyOnWriteMap.Entry e = head; e != null; e = e.next) {
                    Object value = filter == null ? e.value : filter.apply(e.value);
                    if (value == null) {
                        continue;
                    }
                    if (namespaced) {
                        NamespacedKey k = (NamespacedKey) e.key;
                        visitor.visit(k.key, k.namespace, value);
                    } else {
                        visitor.visit(e.key, VoidNamespace.INSTANCE, value);
                    }
                }
            }
        }
    }

    /** Receives a snapshot's entries. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(Object key, Object namespace, Object value) throws java.io.IOException;
    }

    /** The map key of per-window state. */
    static final class NamespacedKey {
        final Object key;
        final Object namespace;
        private final int hash;

        NamespacedKey(Object key, Object namespace) {
            this.key = key;
            this.namespace = namespace;
            this.hash = 31 * key.hashCode() + namespace.hashCode();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NamespacedKey k && hash == k.hash && key.equals(k.key) && Objects.equals(namespace, k.namespace);
        }
    }
}
