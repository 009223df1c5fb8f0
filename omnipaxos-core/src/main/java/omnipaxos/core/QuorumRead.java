package omnipaxos.core;

import java.util.Objects;

/**
 * A quorum read under way on a leader (a read-index round, no log entry and no clock): the leader's
 * ballot and accepted index when the read started, and the round of {@code ReadIndexReq} that must
 * be answered by a write quorum still promising that ballot. Once it is, and the decided index
 * reaches {@link #readIdx()}, the decided state covers every write decided anywhere before the read
 * started: a write decided in a higher ballot needed that ballot's Prepare quorum, which meets the
 * answering write quorum in a node that then could not promise {@link #ballot()} any more.
 *
 * @param ballot the ballot the leader led when the read started
 * @param round the round whose answers confirm the read
 * @param readIdx the leader's accepted index when the read started
 */
public record QuorumRead(Ballot ballot, long round, long readIdx) {
  public QuorumRead {
    Objects.requireNonNull(ballot, "ballot");
  }
}
