package omnipaxos.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.StopSign;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} must have. Subclass it for an implementation; entries are
 * strings, snapshots are lists of strings. {@link #reopen} must return a storage on the same durable
 * state (the same instance for in-memory storage).
 */
public abstract class StorageContractTest {

  protected abstract Storage<String, List<String>> create();

  /** The same state as {@code s} after a restart; call only after {@code s.flush()}. */
  protected abstract Storage<String, List<String>> reopen(Storage<String, List<String>> s);

  private static StorageOp<String, List<String>> append(String... es) {
    return new StorageOp.AppendEntries<>(List.of(es));
  }

  @Test
  void freshStorageIsEmpty() {
    Storage<String, List<String>> s = create();
    assertThat(s.promise()).isEmpty();
    assertThat(s.acceptedRound()).isEmpty();
    assertThat(s.decidedIdx()).isZero();
    assertThat(s.compactedIdx()).isZero();
    assertThat(s.logLen()).isZero();
    assertThat(s.stopSign()).isEmpty();
    assertThat(s.snapshot()).isEmpty();
    assertThat(s.entries(0, 0)).isEmpty();
    assertThat(s.entries(0, 1)).isEmpty();
  }

  @Test
  @SuppressWarnings("removal")
  void theDeprecatedNamesReadTheSameState() {
    Storage<String, List<String>> s = create();
    s.writeAtomically(List.of(append("a", "b"), new StorageOp.SetDecidedIdx<>(1)));
    assertThat(s.getEntries(0, 2)).isEqualTo(s.entries(0, 2)).containsExactly("a", "b");
    assertThat(s.getLogLen()).isEqualTo(s.logLen()).isEqualTo(2);
    assertThat(s.getDecidedIdx()).isEqualTo(s.decidedIdx()).isEqualTo(1);
    assertThat(s.getCompactedIdx()).isEqualTo(s.compactedIdx()).isZero();
    assertThat(s.getPromise()).isEqualTo(s.promise()).isEmpty();
    assertThat(s.getAcceptedRound()).isEqualTo(s.acceptedRound()).isEmpty();
    assertThat(s.getStopSign()).isEqualTo(s.stopSign()).isEmpty();
    assertThat(s.getSnapshot()).isEqualTo(s.snapshot()).isEmpty();
  }

  @Test
  void appendAndReadRanges() {
    Storage<String, List<String>> s = create();
    s.writeAtomically(List.of(append("a", "b"), append("c")));
    assertThat(s.logLen()).isEqualTo(3);
    assertThat(s.entries(0, 3)).containsExactly("a", "b", "c");
    assertThat(s.entries(1, 2)).containsExactly("b");
    assertThat(s.entries(2, 4)).as("a range with a missing position").isEmpty();
  }

  @Test
  void appendOnPrefixReplacesTheSuffix() {
    Storage<String, List<String>> s = create();
    s.writeAtomically(List.of(append("a", "b", "c", "d")));
    s.writeAtomically(List.of(new StorageOp.AppendOnPrefix<>(2, List.of("x"))));
    assertThat(s.entries(0, 3)).containsExactly("a", "b", "x");
    assertThat(s.logLen()).isEqualTo(3);
    s.writeAtomically(List.of(new StorageOp.AppendOnPrefix<>(3, List.of("y", "z"))));
    assertThat(s.entries(0, 5)).containsExactly("a", "b", "x", "y", "z");
  }

  @Test
  void trimKeepsAbsolutePositions() {
    Storage<String, List<String>> s = create();
    s.writeAtomically(List.of(append("a", "b", "c", "d")));
    s.writeAtomically(List.of(new StorageOp.Trim<>(2)));
    assertThat(s.compactedIdx()).isEqualTo(2);
    assertThat(s.logLen()).isEqualTo(2);
    assertThat(s.entries(2, 4)).containsExactly("c", "d");
    assertThat(s.entries(1, 3)).isEmpty();
    s.writeAtomically(List.of(append("e")));
    assertThat(s.entries(4, 5)).containsExactly("e");
  }

  @Test
  void trimBeyondTheLogMovesTheOffset() {
    Storage<String, List<String>> s = create();
    s.writeAtomically(List.of(append("a", "b")));
    s.writeAtomically(List.of(new StorageOp.Trim<>(5), new StorageOp.SetSnapshot<>(Optional.of(List.of("s"))),
        new StorageOp.AppendOnPrefix<>(5, List.of("f", "g"))));
    assertThat(s.compactedIdx()).isEqualTo(5);
    assertThat(s.logLen()).isEqualTo(2);
    assertThat(s.entries(5, 7)).containsExactly("f", "g");
    assertThat(s.snapshot()).contains(List.of("s"));
  }

  @Test
  void stateValuesRoundTrip() {
    Storage<String, List<String>> s = create();
    Ballot b = new Ballot(1, 7, 2, 3);
    StopSign ss = new StopSign(ClusterConfig.of(2, List.of(1L, 2L, 4L)), Optional.of(new byte[] {9, 8}));
    s.writeAtomically(List.of(new StorageOp.SetPromise<>(b), new StorageOp.SetAcceptedRound<>(b),
        append("a"), new StorageOp.SetDecidedIdx<>(1), new StorageOp.SetStopSign<>(Optional.of(ss))));
    assertThat(s.promise()).contains(b);
    assertThat(s.acceptedRound()).contains(b);
    assertThat(s.decidedIdx()).isEqualTo(1);
    assertThat(s.stopSign()).contains(ss);
    s.writeAtomically(List.of(new StorageOp.SetStopSign<>(Optional.empty()), new StorageOp.SetSnapshot<>(Optional.empty())));
    assertThat(s.stopSign()).isEmpty();
  }

  @Test
  void stateSurvivesAReopen() {
    Storage<String, List<String>> s = create();
    Ballot b = new Ballot(1, 4, 0, 2);
    s.writeAtomically(List.of(new StorageOp.SetPromise<>(b), append("a", "b", "c"), new StorageOp.SetDecidedIdx<>(2)));
    s.writeAtomically(List.of(new StorageOp.Trim<>(1), new StorageOp.SetSnapshot<>(Optional.of(List.of("a")))));
    s.flush();
    Storage<String, List<String>> r = reopen(s);
    assertThat(r.promise()).contains(b);
    assertThat(r.decidedIdx()).isEqualTo(2);
    assertThat(r.compactedIdx()).isEqualTo(1);
    assertThat(r.logLen()).isEqualTo(2);
    assertThat(r.entries(1, 3)).containsExactly("b", "c");
    assertThat(r.snapshot()).contains(List.of("a"));
  }

  @Test
  void aDecidedIndexWrittenBeforeAFlushIsDurableAfterIt() {
    Storage<String, List<String>> s = create();
    s.writeAtomically(List.of(append("a", "b")));
    s.flush();
    s.writeAtomically(List.of(new StorageOp.SetDecidedIdx<>(2)));
    s.writeAtomically(List.of(append("c")));
    s.flush();
    Storage<String, List<String>> r = reopen(s);
    assertThat(r.decidedIdx()).isEqualTo(2);
    assertThat(r.entries(0, 3)).containsExactly("a", "b", "c");
  }

  @Test
  void aRejectedTransactionChangesNothing() {
    Storage<String, List<String>> s = create();
    s.writeAtomically(List.of(append("a", "b", "c")));
    s.writeAtomically(List.of(new StorageOp.Trim<>(2)));
    assertThatThrownBy(() -> s.writeAtomically(List.of(new StorageOp.SetDecidedIdx<>(3),
        new StorageOp.AppendOnPrefix<>(1, List.of("x")))))
        .isInstanceOf(StorageException.class);
    assertThat(s.decidedIdx()).isZero();
    assertThat(s.entries(2, 3)).containsExactly("c");
  }
}
