package omnipaxos.core.codec;

import java.util.Arrays;

/** Appends big-endian primitives and length-prefixed byte strings to a growing buffer. */
public final class WireWriter {

  private byte[] buf;
  private int pos;

  public WireWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  public WireWriter writeByte(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  public WireWriter writeBoolean(boolean v) {
    return writeByte(v ? 1 : 0);
  }

  public WireWriter writeInt(int v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  public WireWriter writeLong(long v) {
    writeInt((int) (v >>> 32));
    return writeInt((int) v);
  }

  /** Writes a 4-byte length, then the bytes. */
  public WireWriter writeBytes(byte[] v) {
    writeInt(v.length);
    ensure(v.length);
    System.arraycopy(v, 0, buf, pos, v.length);
    pos += v.length;
    return this;
  }

  public int size() {
    return pos;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }
}
