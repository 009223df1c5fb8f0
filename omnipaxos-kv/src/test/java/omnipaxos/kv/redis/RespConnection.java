package omnipaxos.kv.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A raw RESP connection: sends commands and returns each reply's exact bytes. */
final class RespConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RespConnection(InetSocketAddress address) throws IOException {
    socket = new Socket(address.getAddress(), address.getPort());
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Sends one command and returns its reply's bytes. */
  String call(List<String> args) throws IOException {
    send(args);
    return next();
  }

  /** Sends commands without waiting for replies, and returns their replies' bytes. */
  String pipeline(List<List<String>> commands) throws IOException {
    return pipeline(commands, commands.size());
  }

  /** Sends commands without waiting, and returns the bytes of the first {@code replies} replies. */
  String pipeline(List<List<String>> commands, int replies) throws IOException {
    for (List<String> c : commands) {
      send(c);
    }
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < replies; i++) {
      all.append(next());
    }
    return all.toString();
  }

  /** Sends commands and returns every byte that comes until the server closes the connection. */
  String untilClosed(List<List<String>> commands) throws IOException {
    for (List<String> c : commands) {
      send(c);
    }
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  private void send(List<String> args) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    for (String a : args) {
      byte[] bytes = a.getBytes(StandardCharsets.ISO_8859_1);
      b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      b.writeBytes(bytes);
      b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.write(b.toByteArray());
    out.flush();
  }

  private String next() throws IOException {
    StringBuilder reply = new StringBuilder();
    readReply(reply);
    return reply.toString();
  }

  private void readReply(StringBuilder reply) throws IOException {
    String line = readLine();
    reply.append(line).append("\r\n");
    char type = line.charAt(0);
    switch (type) {
      case '$', '=', '!' -> {
        int n = Integer.parseInt(line.substring(1));
        if (n >= 0) {
          byte[] data = in.readNBytes(n + 2);
          reply.append(new String(data, StandardCharsets.ISO_8859_1));
        }
      }
      case '*', '~', '>' -> {
        int n = Integer.parseInt(line.substring(1));
        for (int i = 0; i < n; i++) {
          readReply(reply);
        }
      }
      case '%', '|' -> {
        int n = Integer.parseInt(line.substring(1));
        for (int i = 0; i < 2 * n; i++) {
          readReply(reply);
        }
      }
      default -> { }
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      b.write(c);
    }
    in.read();
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
