package omnipaxos.runtime;

import omnipaxos.core.OmniPaxosException;

/**
 * The node runs no configuration it is a member of, so it cannot take the request: it waits to be
 * added, is still catching up on the state of the configuration it was added to, or was removed.
 * The message says which.
 */
public final class NotAMemberException extends OmniPaxosException {
  public NotAMemberException(String message) {
    super(message);
  }
}
