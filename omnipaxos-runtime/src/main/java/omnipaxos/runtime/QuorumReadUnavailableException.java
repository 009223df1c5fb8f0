package omnipaxos.runtime;

import omnipaxos.core.OmniPaxosException;

/**
 * A quorum read could not be served locally: this node does not lead in the Accept phase, its
 * configuration is being sealed, its ballot changed, or no write quorum confirmed it in time.
 * Nothing was read; read through the log instead.
 */
public final class QuorumReadUnavailableException extends OmniPaxosException {
  public QuorumReadUnavailableException(String message) {
    super(message);
  }
}
