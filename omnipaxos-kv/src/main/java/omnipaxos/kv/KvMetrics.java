package omnipaxos.kv;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import omnipaxos.runtime.NodeStats;

/**
 * A server's metrics (Micrometer, exposed in Prometheus format) and its HTTP endpoint: {@code
 * /health} (JSON: pid, status, leader, quorum, decided and applied index, and the reason when
 * unavailable; 200 only while a write could be decided now, see {@link KvHealth}, 503 otherwise)
 * and {@code /metrics}.
 */
final class KvMetrics implements AutoCloseable {

  private final KvServer server;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter proposals;
  private final Counter failures;
  private final Counter reads;
  private final Counter writes;
  private final Timer latency;
  private HttpServer http;
  private ExecutorService httpThread;

  KvMetrics(KvServer server) {
    this.server = server;
    String pid = Long.toString(server.pid());
    proposals =
        Counter.builder("omnipaxos.proposals")
            .description("commands proposed by clients of this node")
            .tag("pid", pid)
            .register(registry);
    reads =
        Counter.builder("omnipaxos.commands")
            .description("client commands through the log, by kind")
            .tag("pid", pid)
            .tag("kind", "read")
            .register(registry);
    writes =
        Counter.builder("omnipaxos.commands")
            .description("client commands through the log, by kind")
            .tag("pid", pid)
            .tag("kind", "write")
            .register(registry);
    failures =
        Counter.builder("omnipaxos.proposals.failed")
            .description("commands whose decision failed")
            .tag("pid", pid)
            .register(registry);
    latency =
        Timer.builder("omnipaxos.append.decide.latency")
            .description("client command to decided and applied")
            .tag("pid", pid)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(50_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    registerGauges(pid);
  }

  /** The gauges, read from the node's statistics, the server and its transport. */
  private void registerGauges(String pid) {
    gauge("omnipaxos.leader", "pid of the leader, 0 if none", s -> s.leader().orElse(0));
    gauge("omnipaxos.ballot", "round number of the promised ballot", s -> s.promise().n());
    gauge("omnipaxos.decided.index", "decided log positions", NodeStats::decidedIdx);
    gauge("omnipaxos.compacted.index", "compacted log positions", NodeStats::compactedIdx);
    gauge(
        "omnipaxos.lease.held",
        "1 if this node leads with a leader lease that holds (lease reads only)",
        s -> s.leaseHeld() ? 1 : 0);
    Gauge.builder("omnipaxos.lease.reads", server, KvServer::leaseReads)
        .description("GETs answered under a lease")
        .tag("pid", pid)
        .register(registry);
    Gauge.builder("omnipaxos.quorum.reads", server, KvServer::quorumReads)
        .description("GETs in log mode answered after a read-index round, without a log entry")
        .tag("pid", pid)
        .register(registry);
    Gauge.builder("omnipaxos.lease.read.fallbacks", server, KvServer::leaseReadFallbacks)
        .description("GETs in lease mode that went through the log")
        .tag("pid", pid)
        .register(registry);
    Gauge.builder("omnipaxos.applied.index", server, KvServer::appliedIdx)
        .tag("pid", pid)
        .register(registry);
    Gauge.builder("omnipaxos.messages.sent", server, s -> s.transport().stats().sent())
        .tag("pid", pid)
        .register(registry);
    Gauge.builder("omnipaxos.messages.received", server, s -> s.transport().stats().received())
        .tag("pid", pid)
        .register(registry);
    for (omnipaxos.transport.netty.HandshakeRefusal reason :
        omnipaxos.transport.netty.HandshakeRefusal.values()) {
      Gauge.builder(
              "omnipaxos.connections.refused", server, s -> s.transport().stats().refused(reason))
          .description(
              "peer connections refused at the handshake (other_cluster: a server of another"
                  + " cluster)")
          .tag("pid", pid)
          .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
    }
    Gauge.builder("omnipaxos.messages.dropped", server, s -> {
      NodeStats stats = s.latestStats();
      return s.transport().stats().droppedTotal()
          + (stats == null ? 0 : stats.droppedOutgoing() + stats.rejectedIncomingOffers());
    }).tag("pid", pid).register(registry);
  }

  private void gauge(
      String name, String description, java.util.function.ToDoubleFunction<NodeStats> f) {
    Gauge.builder(name, server, s -> {
      NodeStats stats = s.latestStats();
      return stats == null ? Double.NaN : f.applyAsDouble(stats);
    }).description(description).tag("pid", Long.toString(server.pid())).register(registry);
  }

  /** A client command goes to the log; {@code read} if the table calls it read-only. */
  void proposed(boolean read) {
    proposals.increment();
    (read ? reads : writes).increment();
  }

  /** Read-only client commands that went through the log, since start. */
  long reads() {
    return (long) reads.count();
  }

  /** Client commands that went through the log and may change state, since start. */
  long writes() {
    return (long) writes.count();
  }

  /** The cumulative histogram of client command latencies (to decided and applied). */
  io.micrometer.core.instrument.distribution.HistogramSnapshot latency() {
    return latency.takeSnapshot();
  }

  /** The HTTP server of /health and /metrics, or null if not serving. */
  HttpServer httpServer() {
    return http;
  }

  void decided(long nanos, boolean ok) {
    if (ok) {
      latency.record(nanos, TimeUnit.NANOSECONDS);
    } else {
      failures.increment();
    }
  }

  /**
   * Serves /health and /metrics on {@code address}; fails with UncheckedIOException if it cannot
   * bind.
   */
  void serve(InetSocketAddress address) {
    try {
      http = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve HTTP on " + address, e);
    }
    http.createContext(
        "/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4", registry.scrape()));
    http.createContext(
        "/health",
        ex -> {
          try {
            KvHealth.Report h =
                server.health().now(Math.max(1_000, server.config().electionTimeoutMs()));
            reply(
                ex,
                h.verdict().up() ? 200 : 503,
                "application/json",
                KvHealth.json(server.pid(), h.verdict(), h.stats(), server.appliedIdx()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
          }
        });
    httpThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "kv-" + server.pid() + "-http");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(httpThread);
    http.start();
  }

  /** The address /health and /metrics are served on, if serving. */
  InetSocketAddress httpAddress() {
    return http == null ? null : http.getAddress();
  }

  private static void reply(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    if (http != null) {
      http.stop(0);
      httpThread.shutdownNow();
    }
    registry.close();
  }
}
