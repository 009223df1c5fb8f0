package omnipaxos.core;

/**
 * How a server's Ballot Leader Election starts in a configuration. Only liveness depends on it:
 * Sequence Paxos keeps every decided entry whatever ballots the election proposes.
 */
public enum ElectionStart {
  /**
   * The usual start: the server's ballot starts at round 1 and its first heartbeat round lasts a
   * full election timeout (unless it hears a {@link #DESIGNATED_LEADER}), so that servers that
   * start a few moments apart do not compete for leadership.
   */
  PEER,
  /**
   * The server was chosen to lead first (a continuing server of a configuration that just ended,
   * chosen the same way by all of them): its ballot starts at round 2, above every {@link #PEER}'s,
   * and its first heartbeat round ends as soon as it hears a read quorum. Its peers follow it as
   * soon as they hear it, so the new configuration has a leader after one round trip, not an
   * election timeout.
   */
  DESIGNATED_LEADER,
  /**
   * The server joins a configuration that its other members already run (it fetched the state
   * first): its ballot starts at round 0, so it follows the leader it hears instead of taking over,
   * and its first heartbeat round ends as soon as it hears a read quorum.
   */
  JOINER;

  /**
   * How continuing member {@code pid} starts {@code next} after {@code ended}'s stop sign was
   * decided under ballot {@code decidedUnder}: every continuing member computes the same first
   * leader, the leader that decided the stop sign if it continues, else the continuing member with
   * the largest pid.
   */
  public static ElectionStart forContinuingMember(
      ClusterConfig ended, ClusterConfig next, Ballot decidedUnder, long pid) {
    return firstLeader(ended, next, decidedUnder) == pid ? DESIGNATED_LEADER : PEER;
  }

  /**
   * The first leader of {@code next} (see {@link #forContinuingMember}), or -1 if none continues.
   */
  public static long firstLeader(ClusterConfig ended, ClusterConfig next, Ballot decidedUnder) {
    if (next.contains(decidedUnder.pid()) && ended.contains(decidedUnder.pid())) {
      return decidedUnder.pid();
    }
    return next.nodes().stream()
        .filter(ended::contains)
        .mapToLong(Long::longValue)
        .max()
        .orElse(-1);
  }
}
