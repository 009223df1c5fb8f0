package omnipaxos.bench.ratis;

import java.util.Map;
import java.util.TreeMap;
import omnipaxos.bench.harness.Setting;
import org.apache.ratis.server.RaftServerConfigKeys;

/**
 * The properties of Ratis' tuned profile: the limits its filestore example raises for throughput.
 *
 * <ul>
 *   <li>{@code raft.server.write.element-limit} 40960 and {@code raft.server.write.byte-limit} 1000MB
 *       (defaults 4096 and 64MB): as {@code ratis-examples/.../filestore/cli/Server.java} of ratis-3.2.2
 *       sets them ({@code RaftServerConfigKeys.Write.setElementLimit/setByteLimit}).
 *   <li>{@code raft.server.log.appender.buffer.byte-limit} 32MB (default 4MB) and
 *       {@code raft.server.log.write.buffer.size} 64MB (default 8MB): the filestore example's
 *       {@code cli/Client.java} raises both, to 1 GiB; here 8 times the defaults instead, because the write
 *       buffer is a direct buffer per server and three servers of 1 GiB do not fit in the benchmark's
 *       2 GiB JVM. Ratis requires the write buffer to exceed the appender limit by 8 bytes
 *       ({@code SegmentedRaftLogWorker}) and {@code raft.grpc.message.size.max} (64MB) to exceed it by
 *       1MB ({@code GrpcServicesImpl}); both hold. The appender's element limit is left at its default,
 *       0, which means no limit (configurations.md, "Appender").
 * </ul>
 *
 * <p>Not set: {@code raft.server.log.async-flush.enabled}. In 3.2.2 the asynchronous flush marks as
 * flushed the worker's {@code lastWrittenIndex} as read when the fsync completes
 * ({@code SegmentedRaftLogWorker.asyncFlushOutStream}), not the index that fsync covered, so entries
 * written into the buffer after it started can be acknowledged before they are on disk (and the index
 * advances even if the fsync failed): the durable setting would no longer fsync before acknowledging.
 */
final class RatisTuning {

  private RatisTuning() {}

  /** The tuned properties of {@code setting}. */
  static Map<String, String> of(Setting setting) {
    Map<String, String> t = new TreeMap<>();
    t.put(RaftServerConfigKeys.Write.ELEMENT_LIMIT_KEY, "40960");
    t.put(RaftServerConfigKeys.Write.BYTE_LIMIT_KEY, "1000MB");
    t.put(RaftServerConfigKeys.Log.Appender.BUFFER_BYTE_LIMIT_KEY, "32MB");
    if (setting == Setting.DURABLE) {
      t.put(RaftServerConfigKeys.Log.WRITE_BUFFER_SIZE_KEY, "64MB");
    }
    return t;
  }
}
