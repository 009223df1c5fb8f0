package omnipaxos.core;

/** Base class of the errors OmniPaxos reports to its users. */
public class OmniPaxosException extends RuntimeException {
  public OmniPaxosException(String message) {
    super(message);
  }

  public OmniPaxosException(String message, Throwable cause) {
    super(message, cause);
  }
}
