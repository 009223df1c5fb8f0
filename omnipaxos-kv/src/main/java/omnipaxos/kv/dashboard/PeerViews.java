package omnipaxos.kv.dashboard;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The other servers' own views ({@code /cluster.json}), fetched over HTTP with a short time-out, at
 * most one request per peer at a time. A peer whose last request failed, or that has not answered
 * for {@link #STALE_MS}, is down.
 */
final class PeerViews {

  /** The time-out of one request. */
  static final long TIMEOUT_MS = 1_000;
  /** A peer that answered nothing for this long is down even if a request is still open. */
  static final long STALE_MS = 3_000;

  /** What is known of one peer; written by the HTTP client's callbacks, read by the tick. */
  private static final class Peer {
    final AtomicBoolean inFlight = new AtomicBoolean();
    volatile String view;
    volatile long lastOkMillis;
    volatile String error;
  }

  private final HttpClient client;
  private final Map<Long, InetSocketAddress> addresses = new ConcurrentHashMap<>();
  private final Map<Long, Peer> peers = new ConcurrentHashMap<>();

  PeerViews(Executor executor) {
    this.client = HttpClient.newBuilder().executor(executor)
        .connectTimeout(Duration.ofMillis(TIMEOUT_MS)).build();
  }

  /** Where each peer serves HTTP (replaces what was known). */
  void addresses(Map<Long, InetSocketAddress> http) {
    addresses.keySet().retainAll(http.keySet());
    addresses.putAll(http);
  }

  /** Asks {@code pid} for its view, unless a request to it is still open. */
  void refresh(long pid) {
    InetSocketAddress a = addresses.get(pid);
    if (a == null) {
      return;
    }
    Peer p = peers.computeIfAbsent(pid, k -> new Peer());
    if (!p.inFlight.compareAndSet(false, true)) {
      return;
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + a.getHostString() + ":"
        + a.getPort() + "/cluster.json")).timeout(Duration.ofMillis(TIMEOUT_MS)).GET().build();
    client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
      if (e != null) {
        p.error = describe(e);
      } else if (r.statusCode() != 200 || !looksLikeAnObject(r.body())) {
        p.error = "answered HTTP " + r.statusCode() + " without a view";
      } else {
        p.view = r.body().replace('\n', ' ').replace('\r', ' ');
        p.lastOkMillis = System.currentTimeMillis();
        p.error = null;
      }
      p.inFlight.set(false);
    });
  }

  private static boolean looksLikeAnObject(String body) {
    String t = body.strip();
    return t.startsWith("{") && t.endsWith("}");
  }

  private static String describe(Throwable e) {
    Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
        ? e.getCause() : e;
    if (c instanceof java.net.http.HttpTimeoutException) {
      return "no answer within " + TIMEOUT_MS + " ms";
    }
    if (c instanceof java.net.ConnectException) {
      return "refuses connections";
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /** The dashboard's entry for {@code pid}: up with its view, down with why, or unknown. */
  String entry(long pid, long nowMillis) {
    InetSocketAddress a = addresses.get(pid);
    if (a == null) {
      return "{\"pid\":" + pid + ",\"status\":\"unknown\",\"error\":"
          + Json.quote("no HTTP address known for this server") + "}";
    }
    Peer p = peers.get(pid);
    String http = Json.quote(a.getHostString() + ":" + a.getPort());
    if (p == null) {
      return "{\"pid\":" + pid + ",\"status\":\"unknown\",\"http\":" + http
          + ",\"error\":\"not asked yet\"}";
    }
    String error = p.error;
    long last = p.lastOkMillis;
    if (error == null && p.view == null) {
      return "{\"pid\":" + pid + ",\"status\":\"unknown\",\"http\":" + http
          + ",\"error\":\"no answer yet\"}";
    }
    if (error == null && nowMillis - last > STALE_MS) {
      error = "no answer for " + (nowMillis - last) + " ms";
    }
    if (error != null) {
      return "{\"pid\":" + pid + ",\"status\":\"down\",\"http\":" + http + ",\"error\":"
          + Json.quote(error) + ",\"lastSeen\":" + last + "}";
    }
    return "{\"pid\":" + pid + ",\"status\":\"up\",\"http\":" + http + ",\"view\":" + p.view + "}";
  }
}
