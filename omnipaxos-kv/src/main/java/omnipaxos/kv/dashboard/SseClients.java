package omnipaxos.kv.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The open Server-Sent Events streams: each gets every update the dashboard's thread broadcasts; a
 * stream whose write fails (the page was closed) is dropped. At most {@link #MAX} at a time.
 */
final class SseClients {

  static final int MAX = 32;

  private final List<HttpExchange> open = new CopyOnWriteArrayList<>();

  /** Starts a stream on {@code ex} (its handler may return), or refuses it if too many are open. */
  void add(HttpExchange ex) throws IOException {
    if (open.size() >= MAX) {
      byte[] busy = "too many open dashboard streams".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(503, busy.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(busy);
      }
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
    open.add(ex);
  }

  /** Sends {@code json} (one line) as one event to every open stream. */
  void broadcast(String json) {
    if (open.isEmpty()) {
      return;
    }
    byte[] event = ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    for (HttpExchange ex : open) {
      try {
        OutputStream out = ex.getResponseBody();
        out.write(event);
        out.flush();
      } catch (IOException e) {
        open.remove(ex);
        ex.close();
      }
    }
  }

  /** Ends every stream. */
  void close() {
    for (HttpExchange ex : open) {
      ex.close();
    }
    open.clear();
  }
}
