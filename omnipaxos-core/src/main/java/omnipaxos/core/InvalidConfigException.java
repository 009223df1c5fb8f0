package omnipaxos.core;

/** A configuration was rejected; the message says which rule it broke. */
public final class InvalidConfigException extends IllegalArgumentException {
  public InvalidConfigException(String message) {
    super(message);
  }
}
