package io.ebbflow.runtime.serialization;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;

/** A big-endian byte reader over a range of an array. Not thread-safe. */
public final class DataInputBuffer {

    private byte[] buf;
    private int pos;
    private int limit;

    public DataInputBuffer() {
    }

    public DataInputBuffer(byte[] data, int offset, int length) {
        reset(data, offset, length);
    }

    public void reset(byte[] data, int offset, int length) {
        this.buf = data;
        this.pos = offset;
        this.limit = offset + length;
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    public int position() {
        return pos;
    }

    private void need(int n) throws EOFException {
        if (pos + n > limit) {
            throw new EOFException("read past the end of the data (" + n + " bytes needed, " + (limit - pos) + " left)");
        }
    }

    public byte readByte() throws EOFException {
        need(1);
        return buf[pos++];
    }

    public boolean readBoolean() throws EOFException {
        return readByte() != 0;
    }

    public short readShort() throws EOFException {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return (short) v;
    }

    public char readChar() throws EOFException {
        return (char) readShort();
    }

    public int readInt() throws EOFException {
        need(4);
        byte[] b = buf;
        int p = pos;
        pos = p + 4;
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    public long readLong() throws EOFException {
        need(8);
        byte[] b = buf;
        int p = pos;
        pos = p + 8;
        return ((long) (b[p] & 0xFF) << 56) | ((long) (b[p + 1] & 0xFF) << 48) | ((long) (b[p + 2] & 0xFF) << 40)
                | ((long) (b[p + 3] & 0xFF) << 32) | ((long) (b[p + 4] & 0xFF) << 24) | ((b[p + 5] & 0xFF) << 16)
                | ((b[p + 6] & 0xFF) << 8) | (b[p + 7] & 0xFF);
    }

    public float readFloat() throws EOFException {
        return Float.intBitsToFloat(readInt());
    }

    public double readDouble() throws EOFException {
        return Double.longBitsToDouble(readLong());
    }

    public int readVarInt() throws EOFException {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = readByte();
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalStateException("malformed variable-length int");
    }

    public byte[] readBytes(int n) throws EOFException {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public String readString() throws EOFException {
        int n = readVarInt();
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }
}
