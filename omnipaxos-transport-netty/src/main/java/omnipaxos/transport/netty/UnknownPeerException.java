package omnipaxos.transport.netty;

import omnipaxos.core.OmniPaxosException;

/** A message was addressed to a pid that is not among the transport's configured peers. */
public final class UnknownPeerException extends OmniPaxosException {

  private final long pid;

  public UnknownPeerException(long pid) {
    super("no peer with pid " + pid + " is configured");
    this.pid = pid;
  }

  /** The pid the message was addressed to. */
  public long pid() {
    return pid;
  }
}
