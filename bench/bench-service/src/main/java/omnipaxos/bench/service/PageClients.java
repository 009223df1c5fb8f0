package omnipaxos.bench.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dashboard open in browsers while a cell is measured: {@code streams} Server-Sent Events
 * clients on {@code /stream} of every server, each reading every event as it comes, and one
 * client polling {@code /dashboard.json} of the first server every {@link #POLL_MS}. Counts what
 * they received, to show that the page was live. Closing ends every stream.
 */
final class PageClients implements AutoCloseable {

  /** How often the poller asks for {@code /dashboard.json}. */
  static final long POLL_MS = 250;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<InputStream> bodies = new CopyOnWriteArrayList<>();
  private final List<Thread> readers = new ArrayList<>();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "page-poller");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  /** Opens the streams on every one of {@code servers} (HTTP host:port) and starts polling. */
  PageClients(List<String> servers, int streams) throws IOException, InterruptedException {
    for (String s : servers) {
      for (int i = 0; i < streams; i++) {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri(s, "/stream"))
            .header("Accept", "text/event-stream").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
          r.body().close();
          throw new IOException("GET /stream of " + s + " answered " + r.statusCode());
        }
        bodies.add(r.body());
        Thread t = new Thread(() -> read(r.body()), "page-stream-" + s + "-" + i);
        t.setDaemon(true);
        t.start();
        readers.add(t);
      }
    }
    URI json = uri(servers.get(0), "/dashboard.json");
    poller.scheduleAtFixedRate(() -> poll(json), 0, POLL_MS, TimeUnit.MILLISECONDS);
  }

  private static URI uri(String hostPort, String path) {
    return URI.create("http://" + hostPort + path);
  }

  private void read(InputStream body) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(body,
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("data:")) {
          events.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // Closed at the end of the cell, or the server went away: the counts tell.
    }
  }

  private void poll(URI json) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(json)
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
      (r.statusCode() == 200 && r.body().startsWith("{") ? polls : failures).incrementAndGet();
    } catch (IOException e) {
      failures.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Events received on all streams so far. */
  long events() {
    return events.get();
  }

  /** {@code /dashboard.json} answers received so far. */
  long polls() {
    return polls.get();
  }

  /** Polls that failed so far. */
  long failures() {
    return failures.get();
  }

  @Override
  public void close() throws InterruptedException {
    poller.shutdownNow();
    poller.awaitTermination(5, TimeUnit.SECONDS);
    for (InputStream b : bodies) {
      try {
        b.close();
      } catch (IOException e) {
        // Ending the stream is all that is wanted.
      }
    }
    for (Thread t : readers) {
      t.join(5_000);
    }
  }
}
