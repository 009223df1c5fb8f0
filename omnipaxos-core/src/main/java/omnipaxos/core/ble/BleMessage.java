package omnipaxos.core.ble;

import java.util.Objects;
import omnipaxos.core.Ballot;

/** The heartbeat messages of Ballot Leader Election. */
public sealed interface BleMessage {

  long from();

  long to();

  /** The configuration the sender belongs to. */
  int configId();

  /** Asks for the receiver's view in heartbeat round {@code round}. */
  record HeartbeatRequest(long from, long to, int configId, long round) implements BleMessage {}

  /**
   * Answers a request of round {@code round}: the replier's own ballot, the ballot of the leader it
   * follows, and whether it is happy with that leader.
   */
  record HeartbeatReply(long from, long to, long round, Ballot ballot, Ballot leader, boolean happy)
      implements BleMessage {
    public HeartbeatReply {
      Objects.requireNonNull(ballot, "ballot");
      Objects.requireNonNull(leader, "leader");
    }

    @Override
    public int configId() {
      return ballot.configId();
    }
  }
}
