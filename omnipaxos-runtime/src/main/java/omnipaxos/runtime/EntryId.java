package omnipaxos.runtime;

/**
 * Identifies one proposal across the cluster: the pid of the node it was proposed at, a random id
 * of that node instance (so a node restarted with the same pid never reuses an id) and a sequence
 * number within the instance. Equal entries proposed twice, at one node or at two, get different
 * ids.
 *
 * @param origin the proposing node's pid; 0 for {@link #NONE}
 * @param session a random id of the proposing node instance
 * @param seq the proposal's number within that instance, from 1
 */
public record EntryId(long origin, long session, long seq) {

  /** The id of an entry whose id is not known (read back from storage after a restart). */
  public static final EntryId NONE = new EntryId(0, 0, 0);

  /** Whether this is {@link #NONE}. */
  public boolean isNone() {
    return origin == 0;
  }

  @Override
  public String toString() {
    return isNone()
        ? "EntryId(none)"
        : "EntryId(" + origin + "/" + Long.toHexString(session) + "/" + seq + ")";
  }
}
