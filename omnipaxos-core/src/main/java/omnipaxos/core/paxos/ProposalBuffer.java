package omnipaxos.core.paxos;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.StopSign;

/**
 * Proposals (and at most one stop sign) that wait for a leader in its Accept phase, bounded by
 * {@code bufferSize}, and the count of proposals this node dropped.
 */
final class ProposalBuffer<T> {

  private final int bufferSize;
  private final ArrayList<T> proposals = new ArrayList<>();
  private StopSign stopSign;
  private long dropped;

  ProposalBuffer(int bufferSize) {
    this.bufferSize = bufferSize;
  }

  /**
   * Buffers {@code entries}, all or none. If they do not fit, a {@code local} proposal is rejected
   * and a forwarded one dropped.
   *
   * @throws ProposalRejectedException if local entries do not fit
   */
  void add(List<T> entries, boolean local) {
    if (proposals.size() + entries.size() > bufferSize) {
      if (local) {
        throw new ProposalRejectedException(ProposalRejectedException.Reason.BUFFER_FULL,
            "no leader known and " + proposals.size() + " proposals are buffered (bufferSize "
                + bufferSize + ")");
      }
      dropped(entries.size());
      return;
    }
    proposals.addAll(entries);
  }

  /** Takes every buffered proposal, in order. */
  List<T> takeProposals() {
    List<T> taken = List.copyOf(proposals);
    proposals.clear();
    return taken;
  }

  boolean hasStopSign() {
    return stopSign != null;
  }

  void setStopSign(StopSign ss) {
    stopSign = ss;
  }

  /** The stop sign that waited for a leader, now taken; null if none. */
  StopSign takeStopSign() {
    StopSign ss = stopSign;
    stopSign = null;
    return ss;
  }

  /** A stop sign is stored: what waits can never be decided in this configuration. */
  void dropAll() {
    dropped(proposals.size());
    proposals.clear();
    stopSign = null;
  }

  /** {@code n} proposals were dropped elsewhere (a forward that this node does not take). */
  void dropped(long n) {
    dropped += n;
  }

  long droppedCount() {
    return dropped;
  }
}
