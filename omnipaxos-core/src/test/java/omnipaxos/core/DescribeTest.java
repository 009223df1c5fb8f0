package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.paxos.LogSync;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.SequenceNumber;
import org.junit.jupiter.api.Test;

/**
 * The one-line message describer, for the forms the transcripts do not show (the transcripts in
 * {@code testdata/} show the rest).
 */
class DescribeTest {

  private static final Ballot B = new Ballot(2, 3, 5, 1);

  @Test
  void aBallotWithAPriorityAndAConfigurationOtherThanTheFirst() {
    PaxosMessage<Long, Void> m = new PaxosMessage.Accepted<>(2, 1, B, 7);
    assertThat(Describe.paxos(m)).isEqualTo("2->1 Accepted c2 n=3.1p5 acc=7");
  }

  @Test
  void compactionsAndALongEntryListAreShortened() {
    assertThat(Describe.paxos(new PaxosMessage.Compaction<Long, Void>(1, 2, 1,
        new PaxosMessage.CompactionRequest.Trim(4)))).isEqualTo("1->2 Compaction c1 trim=4");
    assertThat(Describe.paxos(new PaxosMessage.Compaction<Long, Void>(1, 2, 1,
        new PaxosMessage.CompactionRequest.Snapshot(OptionalLong.empty()))))
        .isEqualTo("1->2 Compaction c1 snapshot=decided");
    List<Long> many = TestCluster.range(0, 20);
    assertThat(Describe.paxos(new PaxosMessage.AcceptDecide<Long, Void>(1, 2, B,
        new SequenceNumber(1, 2), 0, many)))
        .isEqualTo("1->2 AcceptDecide c2 n=3.1p5 seq=1.2 dec=0 entries=[0,1,2,3,4,5,6,7 +12 more]");
  }

  @Test
  void aSyncWithASnapshotAndAStopSignWithAFlexibleQuorumAndMetadata() {
    StopSign ss = new StopSign(ClusterConfig.flexible(3, List.of(1L, 2L, 3L, 4L), 3, 2),
        Optional.of(new byte[] {1, 2}));
    LogSync<Long, List<Long>> sync = new LogSync<>(Optional.of(List.of(0L)), List.of(1L), 1,
        Optional.of(ss));
    assertThat(Describe.paxos(new PaxosMessage.AcceptSync<>(1, 2, B, new SequenceNumber(2, 1), 1,
        sync))).isEqualTo(
            "1->2 AcceptSync c2 n=3.1p5 seq=2.1 dec=1 sync=snap1+[1]+ss=c3:[1,2,3,4] r3/w2 meta=2B");
  }

  @Test
  void migrationMessages() {
    assertThat(Describe.message(Message.of(new MigrationMessage.ChunkRequest(4, 1, 2, 7))))
        .isEqualTo("4->1 ChunkRequest c2 chunk=7");
    assertThat(Describe.message(Message.of(
        new MigrationMessage.ChunkReply(1, 4, 2, 7, new byte[10]))))
        .isEqualTo("1->4 ChunkReply c2 chunk=7 bytes=10");
    assertThat(Describe.message(Message.of(new MigrationMessage.Unavailable(1, 4, 2, "not yet"))))
        .isEqualTo("1->4 Unavailable c2 reason=\"not yet\"");
  }
}
