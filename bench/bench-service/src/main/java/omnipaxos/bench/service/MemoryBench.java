package omnipaxos.bench.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The memory benchmark: loads {@code n} string keys, then {@code n} fields into {@link #HASHES}
 * hashes (keys, fields and values of 16 bytes each), and after each reports per key or field the
 * servers' RSS growth and, where INFO has them, the growth of {@code used_memory} (ours: the heap
 * after a full collection) and of our {@code omnipaxos_dataset_bytes_estimate}. Our JVMs get a full
 * collection ({@code jcmd PID GC.run}) before each reading. etcd has no hashes: n/a.
 */
final class MemoryBench {

  /** The CSV header of {@code memory.csv}. */
  static final String HEADER = "system,unit,count,seconds,rss_before_mib,rss_after_mib,"
      + "rss_bytes_per_unit,used_memory_bytes_per_unit,estimate_bytes_per_unit";

  /** The hashes the fields are spread over. */
  static final int HASHES = 10;

  /** Writes in flight while loading. */
  private static final int OUTSTANDING = 64;

  private final String system;
  private final List<String> endpoints;
  private final List<String> pids;

  private MemoryBench(String system, List<String> endpoints, List<String> pids) {
    this.system = system;
    this.endpoints = endpoints;
    this.pids = pids;
  }

  /** Runs both loads against {@code system}; appends a line per load to {@code out}. */
  static void run(String system, List<String> endpoints, List<String> pids, int n, Path out)
      throws IOException, InterruptedException {
    MemoryBench m = new MemoryBench(system, endpoints, pids);
    try (ServiceClient client = ServiceClient.open(system, endpoints, OUTSTANDING)) {
      m.measure("string key", n, out, () -> ServiceLoop.load(n, OUTSTANDING,
          (slot, i) -> client.write(slot, sixteen("s:", i), ServiceLoop.value(i))));
      if (!client.hashes()) {
        append(out, String.format(Locale.ROOT, "%s,hash field,%d,,,,n/a,n/a,n/a", system, n));
        return;
      }
      m.measure("hash field", n, out, () -> ServiceLoop.load(n, OUTSTANDING,
          (slot, i) -> client.hset(slot, sixteen("h:", i % HASHES), sixteen("f:", i),
              ServiceLoop.value(i))));
    }
  }

  /** A load to measure. */
  @FunctionalInterface
  private interface Load {
    void run() throws InterruptedException;
  }

  private void measure(String unit, int n, Path out, Load load)
      throws IOException, InterruptedException {
    Reading before = read();
    long start = System.nanoTime();
    load.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    Reading after = read();
    String used = perUnit(after.usedMemory - before.usedMemory, n, after.usedMemory >= 0);
    String estimate = perUnit(after.estimate - before.estimate, n, after.estimate >= 0);
    double rssPer = (after.rss - before.rss) / (double) n;
    System.out.printf(Locale.ROOT, "%-10s %,d %ss in %.1f s: RSS per server %.1f -> %.1f MiB,"
        + " %.0f B RSS, %s B used_memory, %s B estimate per %s%n", system, n, unit, seconds,
        mib(before.rss), mib(after.rss), rssPer, used, estimate, unit);
    append(out, String.format(Locale.ROOT, "%s,%s,%d,%.1f,%.1f,%.1f,%.1f,%s,%s", system, unit, n,
        seconds, mib(before.rss), mib(after.rss), rssPer, used, estimate));
  }

  private static String perUnit(long delta, int n, boolean known) {
    return known ? String.format(Locale.ROOT, "%.1f", delta / (double) n) : "n/a";
  }

  private static double mib(long bytes) {
    return bytes / 1048576.0;
  }

  /** Per server: RSS, INFO used_memory and our estimate (-1 where there is none). */
  private record Reading(long rss, long usedMemory, long estimate) {}

  private Reading read() throws IOException, InterruptedException {
    boolean ours = system.startsWith("ours");
    if (ours) {
      collectGarbage(pids);
    }
    long rss = rss(pids) / pids.size();
    if (system.equals("etcd")) {
      return new Reading(rss, -1, -1);
    }
    long used = 0;
    long estimate = 0;
    for (String e : endpoints) {
      Map<String, Long> info = RespClient.info(e, "memory");
      used += info.getOrDefault("used_memory", 0L);
      estimate += info.getOrDefault("omnipaxos_dataset_bytes_estimate", 0L);
    }
    return new Reading(rss, used / endpoints.size(), ours ? estimate / endpoints.size() : -1);
  }

  /** {@code prefix} and {@code i}, zero-padded to 16 bytes. */
  static byte[] sixteen(String prefix, long i) {
    String digits = Long.toString(i);
    String s = prefix + "0".repeat(Math.max(0, 16 - prefix.length() - digits.length())) + digits;
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A full collection in each of our server JVMs ({@code jcmd PID GC.run}), so that their RSS and
   * heap count the live state rather than garbage not yet collected.
   */
  static void collectGarbage(List<String> pids) throws IOException, InterruptedException {
    for (String pid : pids) {
      new ProcessBuilder("jcmd", pid, "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
    Thread.sleep(1000);
  }

  /** The summed resident set of {@code pids}, in bytes, from {@code /proc/PID/status}. */
  static long rss(List<String> pids) throws IOException {
    long total = 0;
    for (String pid : pids) {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmRSS:")) {
          total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    }
    return total;
  }

  private static void append(Path out, String line) throws IOException {
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    String text = (Files.exists(out) ? "" : HEADER + "\n") + line + "\n";
    Files.writeString(out, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
