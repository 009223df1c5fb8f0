package omnipaxos.bench.jraft;

import com.alipay.sofa.jraft.option.RaftOptions;

/**
 * The {@code RaftOptions} of JRaft's tuned profile. Its user guide (sofastack.tech, "JRaft 用户指南",
 * section 9.1 "Raft 节点性能相关配置") lists the options that govern performance and says that a
 * heavy-throughput application should raise the buffer and batch sizes, measuring what helps; it
 * names {@code disruptorBufferSize} as the one to raise for high write throughput, and gives no
 * numbers. Set here:
 *
 * <ul>
 *   <li>{@code applyBatch} 256 (default 32): tasks the leader batches into one log append;
 *   <li>{@code disruptorBufferSize} 65536 (default 16384): the ring buffers of the node, the log
 *       manager and the state-machine caller;
 *   <li>{@code openStatistics} false (default true): RocksDB's statistics collection in the log storage
 *       ({@code RaftOptions}' Javadoc: "Statistics to analyze the performance of db").
 * </ul>
 *
 * <p>Left at their defaults, because 64 outstanding writes of at most 1 KiB cannot reach them:
 * {@code maxEntriesSize} 1024 entries and {@code maxBodySize} 512 KiB per AppendEntries request,
 * {@code maxAppendBufferSize} 256 KiB per log flush, {@code maxReplicatorInflightMsgs} 256.
 * {@code maxByteCountPerRpc} only limits snapshot file copies (the guide: "文件 RPC (snapshot拷贝)").
 */
final class JRaftTuning {

  static final int APPLY_BATCH = 256;
  static final int DISRUPTOR_BUFFER_SIZE = 65536;

  private JRaftTuning() {}

  /** Sets the tuned values on {@code r}. */
  static void apply(RaftOptions r) {
    r.setApplyBatch(APPLY_BATCH);
    r.setDisruptorBufferSize(DISRUPTOR_BUFFER_SIZE);
    r.setOpenStatistics(false);
  }
}
