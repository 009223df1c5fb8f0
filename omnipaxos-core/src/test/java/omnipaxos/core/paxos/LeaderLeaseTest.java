package omnipaxos.core.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The leader's lease bookkeeping: an acknowledgement dates the lease from when the acknowledged message
 * was sent (not received), a write quorum is needed, and the lease ends exactly {@code leaseTicks}
 * after its start.
 */
class LeaderLeaseTest {

  private static SequenceNumber seq(long session, long counter) {
    return new SequenceNumber(session, counter);
  }

  @Test
  void anAcknowledgementDatesTheLeaseFromTheSendTickOfItsMessage() {
    LeaderLease lease = new LeaderLease(8, 2);
    lease.sent(2, seq(1, 1), 10);
    lease.sent(2, seq(1, 2), 10);
    lease.sent(2, seq(1, 3), 12);
    lease.acked(2, seq(1, 2), 14);
    assertThat(lease.start()).hasValue(10);
    assertThat(lease.valid(17)).isTrue();
    assertThat(lease.valid(18)).isFalse();
    lease.acked(2, seq(1, 3), 15);
    assertThat(lease.start()).hasValue(12);
    assertThat(lease.valid(19)).isTrue();
    assertThat(lease.valid(20)).isFalse();
  }

  @Test
  void aLateAcknowledgementOfAnOldMessageNeverMovesTheStartBack() {
    LeaderLease lease = new LeaderLease(8, 2);
    lease.sent(2, seq(1, 1), 10);
    lease.sent(2, seq(2, 1), 13);
    lease.acked(2, seq(2, 1), 14);
    lease.acked(2, seq(1, 1), 15);
    assertThat(lease.start()).hasValue(13);
  }

  @Test
  void anAcknowledgementTooOldToDateAValidLeaseIsIgnored() {
    LeaderLease lease = new LeaderLease(8, 2);
    lease.sent(2, seq(1, 1), 10);
    lease.acked(2, seq(1, 1), 18);
    assertThat(lease.start()).isEmpty();
    assertThat(lease.valid(18)).isFalse();
  }

  @Test
  void aWriteQuorumOfAcknowledgementsIsNeeded() {
    LeaderLease lease = new LeaderLease(8, 3);
    for (long p = 2; p <= 5; p++) {
      lease.sent(p, seq(1, 1), 10);
      lease.sent(p, seq(1, 2), 11 + p);
    }
    lease.acked(2, seq(1, 2), 16);
    assertThat(lease.start()).isEmpty();
    lease.acked(3, seq(1, 1), 16);
    assertThat(lease.start()).hasValue(10);
    lease.acked(4, seq(1, 2), 16);
    // The second-newest of {13, 10, 15}: two peers (and the leader) acknowledged messages sent at 13 or later.
    assertThat(lease.start()).hasValue(13);
  }

  @Test
  void anAcknowledgementOfAMessageNeverSentCountsNothing() {
    LeaderLease lease = new LeaderLease(8, 2);
    lease.sent(2, seq(1, 5), 10);
    lease.acked(2, seq(1, 4), 11);
    lease.acked(3, seq(1, 9), 11);
    assertThat(lease.start()).isEmpty();
  }
}
