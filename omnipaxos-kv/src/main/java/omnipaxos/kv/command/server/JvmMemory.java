package omnipaxos.kv.command.server;

import com.sun.management.GcInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this JVM process takes, as INFO memory reports it: the heap in use after the last garbage
 * collection (live data, not garbage awaiting collection), the resident set size and the machine's
 * memory from {@code /proc} (0 where there is no {@code /proc}), and the largest heap figure seen.
 */
final class JvmMemory {

  private static final AtomicLong PEAK = new AtomicLong();

  private JvmMemory() {}

  /** The heap in use after the most recent collection (the heap in use now before any). */
  static long heapAfterGc() {
    Set<String> heapPools = new HashSet<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heapPools.add(p.getName());
      }
    }
    GcInfo last = null;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean sun) {
        GcInfo info = sun.getLastGcInfo();
        if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
          last = info;
        }
      }
    }
    if (last == null) {
      return heapNow();
    }
    long used = 0;
    for (var e : last.getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    PEAK.accumulateAndGet(used, Math::max);
    return used;
  }

  /** The heap in use now, garbage included. */
  static long heapNow() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The most the heap may grow to. */
  static long heapMax() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getMax() < 0 ? heap.getCommitted() : heap.getMax();
  }

  /** The largest {@link #heapAfterGc} reported so far. */
  static long peak() {
    return PEAK.get();
  }

  /** The resident set size (VmRSS of /proc/self/status), in bytes. */
  static long rss() {
    return kilobytes(Path.of("/proc/self/status"), "VmRSS:");
  }

  /** The machine's memory (MemTotal of /proc/meminfo), in bytes. */
  static long systemMemory() {
    return kilobytes(Path.of("/proc/meminfo"), "MemTotal:");
  }

  private static long kilobytes(Path file, String field) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
