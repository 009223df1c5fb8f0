package omnipaxos.transport.netty;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import omnipaxos.core.codec.Codecs;

/** A plain socket speaking (or abusing) the wire format by hand, as a misbehaving or hostile peer would. */
final class RawPeer implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout((int) Net.AWAIT.toMillis());
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawPeer connect(InetSocketAddress address) throws IOException {
    return new RawPeer(new Socket(address.getAddress(), address.getPort()));
  }

  RawPeer send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Ends this side's output (a FIN), keeping the input open. */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Reads one frame and decodes it. */
  Frame<String, String> readFrame() throws IOException {
    int length = in.readInt();
    byte[] body = new byte[length];
    in.readFully(body);
    return new FrameCodec<>(new MessageCodec<>(Codecs.utf8(), Codecs.utf8())).decodeBody(body);
  }

  /**
   * Waits until the other side closes or resets the connection (a TLS alert counts); anything it still
   * sends is skipped.
   */
  void awaitClosedByPeer() throws IOException {
    InputStream raw = socket.getInputStream();
    byte[] skip = new byte[4096];
    try {
      while (raw.read(skip) >= 0) {
        continue;
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection was not closed within " + Net.AWAIT.toSeconds() + " s", e);
    } catch (IOException e) {
      return;
    }
  }

  /** A frame of the given length field, version and type, followed by {@code payload}. */
  static byte[] frame(int length, int version, int type, byte[] payload) {
    byte[] f = new byte[6 + payload.length];
    f[0] = (byte) (length >>> 24);
    f[1] = (byte) (length >>> 16);
    f[2] = (byte) (length >>> 8);
    f[3] = (byte) length;
    f[4] = (byte) version;
    f[5] = (byte) type;
    System.arraycopy(payload, 0, f, 6, payload.length);
    return f;
  }

  /** A batch frame of {@code encoded} messages. */
  static byte[] batch(byte[]... encoded) {
    return FrameCodec.batch(List.of(encoded));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
