package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.KeyGroupOffset;

import io.ebbflow.runtime.serialization.DataInputBuffer;
import io.ebbflow.runtime.serialization.DataOutputBuffer;
import io.ebbflow.runtime.serialization.RecordCodec;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.InternalTimers;
import io.ebbflow.runtime.state.KeyGroupRange;
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
import java.util.function.BiConsumer;
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

    /** Serializes an operator's keyed state and timers, one block per key group of its range (task thread). */
    public static KeyedStateSnapshot serialize(String operatorId, HeapKeyedStateBackend backend, InternalTimers timers,
            ClassLoader classLoader) throws IOException {
        KeyGroupRange range = backend.keyGroupRange();
        Map<Integer, List<InternalTimers.Timer>> eventByGroup = byKeyGroup(timers == null ? List.of() : timers.eventTimeTimers());
        Map<Integer, List<InternalTimers.Timer>> procByGroup = byKeyGroup(timers == null ? List.of()
                : timers.processingTimeTimers());
        List<KeyedStateSnapshot.Block> blocks = new ArrayList<>(range.size());
        DataOutputBuffer out = new DataOutputBuffer(64 * 1024);
        for (int kg = range.start(); kg <= range.end(); kg++) {
            out.reset();
            RecordCodec codec = new RecordCodec(classLoader);
            List<StateTable> tables = new ArrayList<>();
            for (StateTable t : backend.tables().values()) {
                Map<Object, Object> entries = t.keyGroupEntries(kg);
                if (entries != null && !entries.isEmpty()) {
                    tables.add(t);
                }
            }
            out.writeVarInt(tables.size());
            for (StateTable t : tables) {
                Map<Object, Object> entries = t.keyGroupEntries(kg);
                out.writeString(t.name());
                out.writeString(t.kind());
                out.writeBoolean(t.isNamespaced());
                out.writeVarInt(entries.size());
                for (Map.Entry<Object, Object> e : entries.entrySet()) {
                    codec.writeNested(e.getKey(), out);
                    if (t.isNamespaced()) {
                        @SuppressWarnings("unchecked")
                        Map<Object, Object> byNs = (Map<Object, Object>) e.getValue();
                        out.writeVarInt(byNs.size());
                        for (Map.Entry<Object, Object> n : byNs.entrySet()) {
                            writeNamespace(codec, n.getKey(), out);
                            codec.writeNested(n.getValue(), out);
                        }
                    } else {
                        codec.writeNested(e.getValue(), out);
                    }
                }
            }
            writeTimers(codec, eventByGroup.getOrDefault(kg, List.of()), out);
            writeTimers(codec, procByGroup.getOrDefault(kg, List.of()), out);
            byte[] data = out.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(data);
            blocks.add(new KeyedStateSnapshot.Block(kg, data, crc.getValue()));
        }
        return new KeyedStateSnapshot(operatorId, backend.maxParallelism(), blocks);
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
     * Writes a subtask's state file atomically and durably (a temporary file, fsync, rename, fsync of the
     * directory) and returns where each block went. Runs off the task thread.
     *
     * <p>The checkpoint's directory must exist: the JobMaster creates it when it triggers the checkpoint and
     * deletes it if the checkpoint fails, so a late writer of a failed checkpoint fails here instead of
     * recreating the directory.
     */
    public static List<OperatorSnapshot> write(Path file, List<KeyedStateSnapshot> operators,
            Map<String, OperatorSnapshot> operatorState) throws IOException {
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
            for (KeyedStateSnapshot op : operators) {
                List<KeyGroupOffset> list = new ArrayList<>();
                for (KeyedStateSnapshot.Block b : op.blocks()) {
                    out.write(b.data());
                    list.add(new KeyGroupOffset(b.keyGroup(), pos, b.data().length, b.crc()));
                    pos += b.data().length;
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

    /** Reads one key group's block (checking its CRC) and hands every table entry and timer to the backend. */
    public static void readKeyGroup(TaskRestore.KeyGroupRead read, ClassLoader classLoader, HeapKeyedStateBackend backend,
            BiConsumer<InternalTimers.Timer, Boolean> timers) throws IOException {
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
