package omnipaxos.core.codec;

import java.util.Arrays;

/**
 * Reads what {@link WireWriter} wrote, checking every bound: reading past the end, a negative or
 * oversized length, or trailing bytes throw {@link CodecException}.
 */
public final class WireReader {

  private final byte[] buf;
  private int pos;
  private final int end;

  public WireReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public WireReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  private void need(int n) {
    if (n < 0 || end - pos < n) {
      throw new CodecException(
          "truncated: need " + n + " bytes at offset " + pos + ", have " + (end - pos));
    }
  }

  public int readByte() {
    need(1);
    return buf[pos++] & 0xff;
  }

  public boolean readBoolean() {
    int b = readByte();
    if (b > 1) {
      throw new CodecException("invalid boolean " + b);
    }
    return b == 1;
  }

  public int readInt() {
    need(4);
    int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
        | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  public long readLong() {
    long hi = readInt() & 0xffffffffL;
    long lo = readInt() & 0xffffffffL;
    return (hi << 32) | lo;
  }

  /**
   * Reads an element count and checks it is plausible: each element needs at least
   * {@code minElementBytes} of the remaining input.
   */
  public int readCount(int minElementBytes) {
    int n = readInt();
    if (n < 0 || (long) n * Math.max(1, minElementBytes) > remaining()) {
      throw new CodecException(
          "implausible element count " + n + " with " + remaining() + " bytes left");
    }
    return n;
  }

  /** Reads a 4-byte length, then that many bytes. */
  public byte[] readBytes() {
    int n = readInt();
    need(n);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  public int remaining() {
    return end - pos;
  }

  /** @throws CodecException if bytes are left over */
  public void expectEnd() {
    if (pos != end) {
      throw new CodecException((end - pos) + " trailing bytes");
    }
  }
}
