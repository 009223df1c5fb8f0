package omnipaxos.runtime;

import omnipaxos.core.OmniPaxosException;

/**
 * A lease read could not be served locally: leases are off, this node does not lead, its lease does
 * not hold (now, or when the read was about to be answered), or leadership changed meanwhile.
 * Nothing was read; read through the log instead.
 */
public final class LeaseUnavailableException extends OmniPaxosException {
  public LeaseUnavailableException(String message) {
    super(message);
  }
}
