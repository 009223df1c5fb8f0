package omnipaxos.kv.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's dashboard: every {@link #PERIOD_MS} its own thread takes a {@link ServerSample},
 * updates this server's view, asks the peers for theirs and pushes the whole cluster's view to the
 * open streams. It serves, on the server's HTTP endpoint:
 *
 * <ul>
 *   <li>{@code /} the page ({@code index.html}, {@code dashboard.js}, {@code dashboard.css});
 *   <li>{@code /cluster.json} this server's view;
 *   <li>{@code /dashboard.json} the cluster's: {@code servedBy} and one entry per member with its
 *       {@code status} ({@code up} with its {@code view}, {@code down} or {@code unknown} with an
 *       {@code error});
 *   <li>{@code /stream} the cluster's view as Server-Sent Events, one per period.
 * </ul>
 *
 * The handlers only copy the latest JSON, built on the dashboard's thread, so they never wait;
 * the streams are written on a thread of their own, and an update is skipped while the last one
 * is still being written.
 */
public final class Dashboard implements AutoCloseable {

  /** How often the view is updated and pushed. */
  public static final long PERIOD_MS = 250;

  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
  private static final Map<String, String> ASSETS = Map.of(
      "/", "index.html|text/html; charset=utf-8",
      "/index.html", "index.html|text/html; charset=utf-8",
      "/dashboard.js", "dashboard.js|text/javascript; charset=utf-8",
      "/dashboard.css", "dashboard.css|text/css; charset=utf-8");

  private final long pid;
  private final Supplier<ServerSample> source;
  private final EventRing events = new EventRing();
  private final LocalView local = new LocalView(events);
  private final ScheduledExecutorService thread;
  /** Writes to the streams: a stream that takes no data stalls only the streams. */
  private final ExecutorService push;
  private final AtomicBoolean pushing = new AtomicBoolean();
  private final PeerViews peers;
  private final SseClients streams = new SseClients();
  private volatile String localJson = "{}";
  private volatile String clusterJson = "{}";

  /** A dashboard of server {@code pid}, sampled from {@code source} once started. */
  public Dashboard(long pid, Supplier<ServerSample> source) {
    this.pid = pid;
    this.source = source;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kv-" + pid + "-dashboard");
      t.setDaemon(true);
      return t;
    });
    this.push = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "kv-" + pid + "-dashboard-push");
      t.setDaemon(true);
      return t;
    });
    this.peers = new PeerViews(thread);
  }

  /** Where the other servers serve HTTP, by pid (the dashboard gathers their views there). */
  public void peers(Map<Long, InetSocketAddress> http) {
    peers.addresses(http);
  }

  /** Lists an event that the samples cannot show (e.g. a peer connection re-established). */
  public void event(String kind, String text) {
    events.add(new DashboardEvent(System.currentTimeMillis(), kind, text));
  }

  /** Adds the dashboard's pages to {@code http} and starts sampling. */
  public void serveOn(HttpServer http) {
    http.createContext("/", this::asset);
    http.createContext("/cluster.json", ex -> reply(ex, 200, "application/json", localJson));
    http.createContext("/dashboard.json", ex -> reply(ex, 200, "application/json", clusterJson));
    http.createContext("/stream", streams::add);
    thread.scheduleWithFixedDelay(this::tick, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      ServerSample s = source.get();
      localJson = local.update(s);
      Set<Long> members = new TreeSet<>();
      s.membership().configuration().ifPresent(c -> members.addAll(c.nodes()));
      members.add(pid);
      long now = System.currentTimeMillis();
      StringBuilder b = new StringBuilder(16_384).append("{\"servedBy\":").append(pid)
          .append(",\"at\":").append(now).append(",\"servers\":[");
      boolean first = true;
      for (long p : members) {
        b.append(first ? "" : ",");
        first = false;
        if (p == pid) {
          b.append("{\"pid\":").append(pid).append(",\"status\":\"up\",\"self\":true,\"view\":")
              .append(localJson).append('}');
        } else {
          peers.refresh(p);
          b.append(peers.entry(p, now));
        }
      }
      String json = b.append("]}").toString();
      clusterJson = json;
      if (pushing.compareAndSet(false, true)) {
        push.execute(() -> {
          try {
            streams.broadcast(json);
          } finally {
            pushing.set(false);
          }
        });
      }
    } catch (RuntimeException e) {
      LOG.warn("server {}: dashboard update failed: {}", pid, e.toString());
    }
  }

  private void asset(HttpExchange ex) throws IOException {
    String spec = ASSETS.get(ex.getRequestURI().getPath());
    if (spec == null) {
      reply(ex, 404, "text/plain; charset=utf-8", "not found");
      return;
    }
    String[] nameType = spec.split("\\|", 2);
    byte[] body;
    try (InputStream in = Dashboard.class.getResourceAsStream(nameType[0])) {
      if (in == null) {
        reply(ex, 500, "text/plain; charset=utf-8", "missing resource " + nameType[0]);
        return;
      }
      body = in.readAllBytes();
    }
    reply(ex, 200, nameType[1], body);
  }

  private static void reply(HttpExchange ex, int status, String type, String body)
      throws IOException {
    reply(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    push.shutdownNow();
    streams.close();
  }
}
