package omnipaxos.transport.netty;

import omnipaxos.core.OmniPaxosException;

/** A message (or a question) named a pid that is not among the transport's current peers. */
public final class UnknownPeerException extends OmniPaxosException {

  private final long pid;

  /** The exception for {@code pid}. */
  public UnknownPeerException(long pid) {
    super("no peer with pid " + pid + " is known");
    this.pid = pid;
  }

  /** The pid the message was addressed to. */
  public long pid() {
    return pid;
  }
}
