package omnipaxos.core.codec;

import omnipaxos.core.OmniPaxosException;

/** Bytes that are not a valid encoding: truncated, oversized, or of an unknown kind or version. */
public final class CodecException extends OmniPaxosException {
  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
