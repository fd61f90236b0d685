package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.KeyGroupOffset;

import io.ebbflow.runtime.serialization.DataInputBuffer;
import io.ebbflow.runtime.serialization.DataOutputBuffer;
import io.ebbflow.runtime.serialization.RecordCodec;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.InternalTimers;
import io.ebbflow.runtime.state.StateTable;
import io.ebbflow.runtime.state.VoidNamespace;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;

/**
 * The on-disk format of keyed state (version 1), one file per subtask and checkpoint:
 *
 * <pre>
 * file    := header block* footer
 * header  := magic:int32 ('EBKS' = 0x45424B53) version:int32 (1)
 * block   := the state of one key group of one operator (see below), at the offset the footer gives
 * footer  := operators:int32 { operatorId:utf maxParallelism:int32 blocks:int32
 *                              { keyGroup:int32 offset:int64 length:int32 crc32:int64 } }
 *            footerOffset:int64 magic:int32
 * </pre>
 *
 * A block is self-contained (its own class dictionary), so a restoring subtask reads only the blocks of
 * the key groups it now owns, at the offsets recorded in the footer and in the checkpoint's metadata,
 * and checks each block's CRC-32. Inside a block, values are written with the record codec:
 *
 * <pre>
 * block   := tables:varint { name:utf kind:utf namespaced:bool entries:varint
 *                            { key value }                       (not namespaced)
 *                            { key namespaces:varint { ns value } } (namespaced) }
 *            eventTimers:varint { time:int64 key ns }  processingTimers:varint { time:int64 key ns }
 * </pre>
 *
 * Integers are big-endian; {@code utf} is a varint length and UTF-8 bytes.
 */
public final class StateFiles {

    public static final int MAGIC = 0x45424B53;
    public static final int VERSION = 1;

    private StateFiles() {
    }

    /**
     * Takes an operator's keyed state for a checkpoint on the subtask's thread: a frozen view of its tables
     * (no entry visited) and its timers grouped by key group (a copy of the timer sets: O(timers)).
     */
    public static KeyedStateSnapshot snapshot(String operatorId, HeapKeyedStateBackend backend, InternalTimers timers) {
        return new KeyedStateSnapshot(operatorId, backend.maxParallelism(), backend.keyGroupRange(), backend.snapshot(),
                byKeyGroup(timers == null ? List.of() : timers.eventTimeTimers()),
                byKeyGroup(timers == null ? List.of() : timers.processingTimeTimers()));
    }

    /** Serializes one key group's block of an operator's snapshot into {@code out} (any thread). */
    static void serializeKeyGroup(KeyedStateSnapshot snapshot, int kg, ClassLoader classLoader, DataOutputBuffer out)
            throws IOException {
        RecordCodec codec = new RecordCodec(classLoader);
        List<StateTable.View> tables = new ArrayList<>();
        for (StateTable.View t : snapshot.state().tables()) {
            if (t.size(kg) > 0) {
                tables.add(t);
            }
        }
        out.writeVarInt(tables.size());
        for (StateTable.View t : tables) {
            out.writeString(t.name());
            out.writeString(t.kind());
            out.writeBoolean(t.isNamespaced());
            if (t.isNamespaced()) {
                // Stored per (key, namespace); written grouped by key.
                Map<Object, List<Object[]>> byKey = new LinkedHashMap<>();
                t.forEach(kg, (key, ns, value) -> byKey.computeIfAbsent(key, k -> new ArrayList<>(2))
                        .add(new Object[] {ns, value}));
                out.writeVarInt(byKey.size());
                for (Map.Entry<Object, List<Object[]>> e : byKey.entrySet()) {
                    codec.writeNested(e.getKey(), out);
                    out.writeVarInt(e.getValue().size());
                    for (Object[] nv : e.getValue()) {
                        writeNamespace(codec, nv[0], out);
                        codec.writeNested(nv[1], out);
                    }
                }
            } else if (t.filters()) {
                // A TTL view leaves expired values out: count what is kept first.
                List<Object[]> kept = new ArrayList<>();
                t.forEach(kg, (key, ns, value) -> kept.add(new Object[] {key, value}));
                out.writeVarInt(kept.size());
                for (Object[] kv : kept) {
                    codec.writeNested(kv[0], out);
                    codec.writeNested(kv[1], out);
                }
            } else {
                out.writeVarInt(t.size(kg));
                t.forEach(kg, (key, ns, value) -> {
                    codec.writeNested(key, out);
                    codec.writeNested(value, out);
                });
            }
        }
        writeTimers(codec, snapshot.eventTimers().getOrDefault(kg, List.of()), out);
        writeTimers(codec, snapshot.processingTimers().getOrDefault(kg, List.of()), out);
    }

    private static Map<Integer, List<InternalTimers.Timer>> byKeyGroup(Iterable<InternalTimers.Timer> timers) {
        Map<Integer, List<InternalTimers.Timer>> m = new HashMap<>();
        for (InternalTimers.Timer t : timers) {
            m.computeIfAbsent(t.keyGroup(), k -> new ArrayList<>()).add(t);
        }
        return m;
    }

    private static void writeTimers(RecordCodec codec, List<InternalTimers.Timer> timers, DataOutputBuffer out)
            throws IOException {
        out.writeVarInt(timers.size());
        for (InternalTimers.Timer t : timers) {
            out.writeLong(t.timestamp());
            codec.writeNested(t.key(), out);
            writeNamespace(codec, t.namespace(), out);
        }
    }

    private static void writeNamespace(RecordCodec codec, Object ns, DataOutputBuffer out) throws IOException {
        codec.writeNested(ns == VoidNamespace.INSTANCE ? null : ns, out);
    }

    private static Object readNamespace(RecordCodec codec, DataInputBuffer in) throws IOException {
        Object ns = codec.readNested(in);
        return ns == null ? VoidNamespace.INSTANCE : ns;
    }

    /**
     * Serializes the operators' snapshots key group by key group and writes the subtask's state file
     * atomically and durably (a temporary file, fsync, rename, fsync of the directory); returns where each
     * block went. Runs off the subtask's thread; {@code cancelled} is asked between blocks, and a
     * cancelled or failed write leaves no file behind. Does not release the snapshots.
     *
     * <p>The checkpoint's directory must exist: the JobMaster creates it when it triggers the checkpoint and
     * deletes it if the checkpoint fails, so a late writer of a failed checkpoint fails here instead of
     * recreating the directory.
     */
    public static List<OperatorSnapshot> write(Path file, List<KeyedStateSnapshot> operators,
            Map<String, OperatorSnapshot> operatorState, ClassLoader classLoader, BooleanSupplier cancelled)
            throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            throw new java.nio.file.NoSuchFileException(file.getParent().toString(), null,
                    "the checkpoint's directory does not exist (the checkpoint was aborted, or never triggered here)");
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".inprogress");
        Map<String, List<KeyGroupOffset>> offsets = new HashMap<>();
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream os = java.nio.channels.Channels.newOutputStream(channel);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            long pos = 8;
            DataOutputBuffer block = new DataOutputBuffer(64 * 1024);
            CRC32 crc = new CRC32();
            for (KeyedStateSnapshot op : operators) {
                List<KeyGroupOffset> list = new ArrayList<>();
                for (int kg = op.range().start(); kg <= op.range().end(); kg++) {
                    if (cancelled.getAsBoolean()) {
                        throw new java.io.InterruptedIOException("cancelled while writing key group " + kg);
                    }
                    block.reset();
                    serializeKeyGroup(op, kg, classLoader, block);
                    crc.reset();
                    crc.update(block.data(), 0, block.length());
                    out.write(block.data(), 0, block.length());
                    list.add(new KeyGroupOffset(kg, pos, block.length(), crc.getValue()));
                    pos += block.length();
                }
                offsets.put(op.operatorId(), list);
            }
            long footer = pos;
            out.writeInt(operators.size());
            for (KeyedStateSnapshot op : operators) {
                out.writeUTF(op.operatorId());
                out.writeInt(op.maxParallelism());
                List<KeyGroupOffset> list = offsets.get(op.operatorId());
                out.writeInt(list.size());
                for (KeyGroupOffset o : list) {
                    out.writeInt(o.keyGroup());
                    out.writeLong(o.offset());
                    out.writeInt(o.length());
                    out.writeLong(o.crc());
                }
            }
            out.writeLong(footer);
            out.writeInt(MAGIC);
            out.flush();
            channel.force(true);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw e; // another writer's file: not ours to delete
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        io.ebbflow.core.ha.DurableStore.fsyncDirectory(file.getParent());
        List<OperatorSnapshot> result = new ArrayList<>();
        java.util.Set<String> keyed = new java.util.HashSet<>();
        for (KeyedStateSnapshot op : operators) {
            keyed.add(op.operatorId());
            OperatorSnapshot os = operatorState.get(op.operatorId());
            result.add(new OperatorSnapshot(op.operatorId(), op.maxParallelism(), offsets.get(op.operatorId()),
                    os == null ? Map.of() : os.listStates(), os == null ? Map.of() : os.unionStates()));
        }
        for (OperatorSnapshot os : operatorState.values()) {
            if (!keyed.contains(os.operatorId())) {
                result.add(os);
            }
        }
        return result;
    }

    /** As {@link #write(Path, List, Map, ClassLoader, BooleanSupplier)}, never cancelled. */
    public static List<OperatorSnapshot> write(Path file, List<KeyedStateSnapshot> operators,
            Map<String, OperatorSnapshot> operatorState, ClassLoader classLoader) throws IOException {
        return write(file, operators, operatorState, classLoader, () -> false);
    }

    private static byte[] readLocal(TaskRestore.KeyGroupRead read) throws IOException {
        byte[] data = new byte[read.length()];
        try (FileChannel ch = FileChannel.open(Path.of(read.file()), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            long pos = read.offset();
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new CorruptStateException(read.file() + " ends before key group " + read.keyGroup()
                            + " (expected " + read.length() + " bytes at offset " + read.offset() + ")");
                }
                pos += n;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CorruptStateException("state file " + read.file() + " is missing");
        }
        return data;
    }

    /** Reads one key group's block (checking its CRC) and hands every table entry and timer to the backend. */
    public static void readKeyGroup(TaskRestore.KeyGroupRead read, ClassLoader classLoader, HeapKeyedStateBackend backend,
            BiConsumer<InternalTimers.Timer, Boolean> timers) throws IOException {
        byte[] data = CheckpointStorage.isObjectStorage(read.file())
                ? ObjectCheckpoints.readRange(read.file(), read.offset(), read.length(), read.keyGroup())
                : readLocal(read);
        CRC32 crc = new CRC32();
        crc.update(data);
        if (crc.getValue() != read.crc()) {
            throw new CorruptStateException("key group " + read.keyGroup() + " in " + read.file()
                    + " is corrupt (CRC-32 " + Long.toHexString(crc.getValue()) + ", expected "
                    + Long.toHexString(read.crc()) + ")");
        }
        DataInputBuffer in = new DataInputBuffer(data, 0, data.length);
        RecordCodec codec = new RecordCodec(classLoader);
        int kg = read.keyGroup();
        int tables = in.readVarInt();
        for (int t = 0; t < tables; t++) {
            String name = in.readString();
            String kind = in.readString();
            boolean namespaced = in.readBoolean();
            StateTable table = backend.restoredTable(name, kind, namespaced);
            int entries = in.readVarInt();
            for (int e = 0; e < entries; e++) {
                Object key = codec.readNested(in);
                if (namespaced) {
                    int n = in.readVarInt();
                    for (int j = 0; j < n; j++) {
                        Object ns = readNamespace(codec, in);
                        table.put(kg, key, ns, codec.readNested(in));
                    }
                } else {
                    table.put(kg, key, VoidNamespace.INSTANCE, codec.readNested(in));
                }
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            int n = in.readVarInt();
            for (int i = 0; i < n; i++) {
                long time = in.readLong();
                Object key = codec.readNested(in);
                Object ns = readNamespace(codec, in);
                timers.accept(new InternalTimers.Timer(time, key, kg, ns), pass == 0);
            }
        }
        if (in.hasRemaining()) {
            throw new CorruptStateException("key group " + kg + " in " + read.file() + " has trailing bytes");
        }
    }

    /** A state file or block that cannot be read back as written. */
    public static final class CorruptStateException extends IOException {
        public CorruptStateException(String message) {
            super(message);
        }
    }
}
