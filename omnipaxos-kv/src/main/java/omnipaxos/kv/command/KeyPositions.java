package omnipaxos.kv.command;

/** Where a command's keys are: first, last (-1: the last argument), step; all 0 if none. */
public record KeyPositions(int first, int last, int step) {

  /** No keys. */
  public static final KeyPositions NONE = new KeyPositions(0, 0, 0);
  /** The first argument. */
  public static final KeyPositions FIRST = new KeyPositions(1, 1, 1);
  /** Every argument. */
  public static final KeyPositions ALL = new KeyPositions(1, -1, 1);
  /** The first two arguments. */
  public static final KeyPositions TWO = new KeyPositions(1, 2, 1);
  /** Every second argument (MSET). */
  public static final KeyPositions PAIRS = new KeyPositions(1, -1, 2);
}
