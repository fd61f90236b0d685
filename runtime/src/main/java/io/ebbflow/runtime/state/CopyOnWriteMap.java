package io.ebbflow.runtime.state;

/**
 * The entries of one key group of one {@link StateTable}: a chained hash map that a snapshot can freeze
 * in O(1) and read from another thread while the subtask goes on writing.
 *
 * <p>A snapshot keeps a reference to the bucket array as it is ({@link #freeze()}). From then on,
 * until the snapshot is released, the subtask never changes anything that snapshot can reach: the
 * array is copied before its first change (an array copy of this key group only), an entry is copied
 * (with the entries before it in its bucket) before its value or link changes, and a value that may be
 * mutable is deep-copied before the subtask hands it to user code, which may change it in place. What
 * is shared is told by versions ({@link SnapshotVersions}): an array, entry or value written at or below
 * the highest pending snapshot's version may be read by it. Once no snapshot is pending, writes go in
 * place as in any hash map.
 *
 * <p>Written by the subtask's thread only; a frozen view may be read by any thread that received it
 * through a happens-before edge (an executor hand-off).
 */
final class CopyOnWriteMap {

    private static final int MIN_CAPACITY = 16;

    /** A mapping. Key and hash never change; the rest only while no pending snapshot can reach the entry. */
    static final class Entry {
        final Object key;
        final int hash;
        Entry next;
        Object value;
        int entryVersion;
        int valueVersion;

        Entry(Object key, int hash, Entry next, Object value, int entryVersion, int valueVersion) {
            this.key = key;
            this.hash = hash;
            this.next = next;
            this.value = value;
            this.entryVersion = entryVersion;
            this.valueVersion = valueVersion;
        }
    }

    /** The map as it was at a snapshot: its bucket array and size, never changed afterwards. */
    record Frozen(Entry[] buckets, int size) {
    }

    private final SnapshotVersions versions;
    private final StateValueCopier copier;
    private Entry[] buckets = new Entry[MIN_CAPACITY];
    private int bucketsVersion;
    private int size;

    CopyOnWriteMap(SnapshotVersions versions, StateValueCopier copier) {
        this.versions = versions;
        this.copier = copier;
        this.bucketsVersion = versions.current();
    }

    static int hash(Object key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }

    int size() {
        return size;
    }

    /** Hands every key to {@code sink} (reads only, so no snapshot can be affected). */
    void forEachKey(java.util.function.Consumer<Object> sink) {
        for (Entry head : buckets) {
            for (Entry e = head; e != null; e = e.next) {
                sink.accept(e.key);
            }
        }
    }

    /** The map as it is now, for a snapshot that has just started (its version is below the current one). */
    Frozen freeze() {
        return new Frozen(buckets, size);
    }

    /**
     * The value of {@code key}, or null. A value a pending snapshot may read and user code may change is
     * replaced by a deep copy first, and the copy is returned.
     *
     * <p>This and {@link #put} are on every record's path: they stay small, and what only happens while a
     * snapshot is pending is in methods of its own, so the JIT keeps inlining them after the first
     * snapshot (with the copying inlined, KeyedSum lost about a tenth of its throughput after the first
     * checkpoint).
     */
    Object get(Object key, int hash) {
        Entry[] tab = buckets;
        for (Entry e = tab[hash & (tab.length - 1)]; e != null; e = e.next) {
            if (e.hash == hash && (e.key == key || key.equals(e.key))) {
                return e.valueVersion > versions.highestPending() ? e.value : sharedValue(e);
            }
        }
        return null;
    }

    /** Maps {@code key} to {@code value} (not null). */
    void put(Object key, int hash, Object value) {
        Entry[] tab = buckets;
        for (Entry e = tab[hash & (tab.length - 1)]; e != null; e = e.next) {
            if (e.hash == hash && (e.key == key || key.equals(e.key))) {
                if (e.entryVersion > versions.highestPending()) {
                    e.value = value;
                    e.valueVersion = versions.current();
                } else {
                    replaceShared(e, value);
                }
                return;
            }
        }
        insert(key, hash, value);
    }

    /** The value of an entry a pending snapshot may read: itself if immutable, else the entry's new copy. */
    private Object sharedValue(Entry e) {
        Object v = e.value;
        if (StateValueCopier.isImmutable(v)) {
            return v;
        }
        Object copy = copier.copy(v);
        Entry w = writable(e.hash & (buckets.length - 1), e, versions.highestPending());
        w.value = copy;
        w.valueVersion = versions.current();
        return copy;
    }

    /** A new value for an entry a pending snapshot may read: a copy of the entry takes it. */
    private void replaceShared(Entry e, Object value) {
        Entry w = writable(e.hash & (buckets.length - 1), e, versions.highestPending());
        w.value = value;
        w.valueVersion = versions.current();
    }

    private void insert(Object key, int hash, Object value) {
        int pending = versions.highestPending();
        int current = versions.current();
        Entry[] tab = buckets;
        if (size >= tab.length - (tab.length >>> 2)) {
            resize(pending, current);
            tab = buckets;
        } else {
            tab = writableBuckets(pending, current);
        }
        int index = hash & (tab.length - 1);
        tab[index] = new Entry(key, hash, tab[index], value, current, current);
        size++;
    }

    /** Removes {@code key}'s mapping, if any. */
    void remove(Object key, int hash) {
        int pending = versions.highestPending();
        Entry[] tab = buckets;
        int index = hash & (tab.length - 1);
        Entry prev = null;
        for (Entry e = tab[index]; e != null; prev = e, e = e.next) {
            if (e.hash == hash && (e.key == key || key.equals(e.key))) {
                if (prev == null) {
                    writableBuckets(pending, versions.current())[index] = e.next;
                } else {
                    writable(index, prev, pending).next = e.next;
                }
                size--;
                return;
            }
        }
    }

    private Entry[] writableBuckets(int pending, int current) {
        if (bucketsVersion <= pending) {
            buckets = buckets.clone();
            bucketsVersion = current;
        }
        return buckets;
    }

    /**
     * {@code e} itself if no pending snapshot can reach it; else a copy of it in its place, with copies of
     * the entries before it in its bucket that a snapshot can reach (their links change).
     */
    private Entry writable(int index, Entry e, int pending) {
        if (e.entryVersion > pending) {
            return e;
        }
        int current = versions.current();
        Entry[] tab = writableBuckets(pending, current);
        Entry prev = null;
        for (Entry n = tab[index]; ; n = n.next) {
            Entry w = n;
            if (n.entryVersion <= pending) {
                w = new Entry(n.key, n.hash, n.next, n.value, current, n.valueVersion);
                if (prev == null) {
                    tab[index] = w;
                } else {
                    prev.next = w;
                }
            }
            if (n == e) {
                return w;
            }
            prev = w;
        }
    }

    /** Doubles the buckets; entries a pending snapshot can reach are copied rather than relinked. */
    private void resize(int pending, int current) {
        Entry[] old = buckets;
        Entry[] tab = new Entry[old.length * 2];
        int mask = tab.length - 1;
        for (Entry head : old) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                int i = e.hash & mask;
                if (e.entryVersion <= pending) {
                    tab[i] = new Entry(e.key, e.hash, tab[i], e.value, current, e.valueVersion);
                } else {
                    e.next = tab[i];
                    tab[i] = e;
                }
                e = next;
            }
        }
        buckets = tab;
        bucketsVersion = current;
    }
}
