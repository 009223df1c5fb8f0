package omnipaxos.runtime;

import omnipaxos.core.OmniPaxosException;

/**
 * The node is closed (or stopped after a fatal error, given as the cause): the request was not
 * carried out. Requests that were still waiting when the node closed fail with it too.
 */
public final class NodeClosedException extends OmniPaxosException {
  public NodeClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
