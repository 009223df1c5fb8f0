package omnipaxos.core.storage;

import omnipaxos.core.OmniPaxosException;

/**
 * A storage operation failed. Fatal for the node that saw it: its in-memory state may now be ahead
 * of what is stored, so it must be discarded and re-created on the same storage, which recovers.
 */
public final class StorageException extends OmniPaxosException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
