package io.ebbflow.runtime.serialization;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte writer over a plain array. Not thread-safe. */
public final class DataOutputBuffer {

    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int pos;

    public DataOutputBuffer(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    public void reset() {
        pos = 0;
    }

    public int length() {
        return pos;
    }

    public byte[] data() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    public void writeByte(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    public void writeBoolean(boolean v) {
        writeByte(v ? 1 : 0);
    }

    public void writeShort(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    public void writeChar(int v) {
        writeShort(v);
    }

    public void writeInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    public void writeLong(long v) {
        ensure(8);
        BIG_ENDIAN_LONG.set(buf, pos, v);
        pos += 8;
    }

    /** The longs of {@code a}, each as {@link #writeLong} writes it (one capacity check for all). */
    public void writeLongs(long[] a) {
        ensure(8 * a.length);
        byte[] b = buf;
        int p = pos;
        for (long v : a) {
            BIG_ENDIAN_LONG.set(b, p, v);
            p += 8;
        }
        pos = p;
    }

    public void writeFloat(float v) {
        writeInt(Float.floatToRawIntBits(v));
    }

    public void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    /** An unsigned variable-length int (7 bits per byte). */
    public void writeVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    public void writeBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    /** Length-prefixed UTF-8, with a fast path for ASCII. */
    public void writeString(String s) {
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            writeVarInt(n);
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
        } else {
            byte[] utf = s.getBytes(StandardCharsets.UTF_8);
            writeVarInt(utf.length);
            writeBytes(utf, 0, utf.length);
        }
    }
}
