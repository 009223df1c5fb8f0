package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.storage.StorageException;
import omnipaxos.core.storage.StorageOp;
import org.junit.jupiter.api.Test;

class SimStorageTest {

  private static final Ballot B = new Ballot(1, 3, 0, 2);

  private static void append(SimStorage<Long, List<Long>> s, long... entries) {
    List<Long> es = new java.util.ArrayList<>();
    for (long e : entries) {
      es.add(e);
    }
    s.writeAtomically(List.of(new StorageOp.AppendEntries<>(es)));
  }

  @Test
  void writesAreVisibleAtOnceAndDurableOnlyAfterFlush() {
    SimStorage<Long, List<Long>> s = new SimStorage<>();
    append(s, 1, 2);
    s.writeAtomically(List.of(new StorageOp.SetPromise<>(B), new StorageOp.SetDecidedIdx<>(2)));
    assertThat(s.entries(0, 2)).containsExactly(1L, 2L);
    assertThat(s.pendingTransactions()).isEqualTo(2);
    assertThat(s.durableDecidedIdx()).isZero();
    s.flush();
    assertThat(s.pendingTransactions()).isZero();
    assertThat(s.durableDecidedIdx()).isEqualTo(2);
    assertThat(s.durablePromise()).contains(B);
  }

  @Test
  void aCrashLosesWhatWasNotFlushed() {
    SimStorage<Long, List<Long>> s = new SimStorage<>();
    append(s, 1);
    s.flush();
    append(s, 2);
    s.writeAtomically(List.of(new StorageOp.SetPromise<>(B)));
    s.crash(0);
    assertThat(s.logLen()).isEqualTo(1);
    assertThat(s.promise()).isEmpty();
  }

  @Test
  void aCrashMayKeepAPrefixOfThePendingTransactions() {
    SimStorage<Long, List<Long>> s = new SimStorage<>();
    append(s, 1);
    append(s, 2);
    append(s, 3);
    s.crash(2);
    assertThat(s.entries(0, 2)).containsExactly(1L, 2L);
    assertThat(s.logLen()).isEqualTo(2);
    assertThatThrownBy(() -> s.crash(1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInjectedFailureThrowsWithoutWriting() {
    SimStorage<Long, List<Long>> s = new SimStorage<>();
    s.failNextWrite();
    assertThatThrownBy(() -> append(s, 1)).isInstanceOf(StorageException.class);
    assertThat(s.logLen()).isZero();
    append(s, 1);
    assertThat(s.logLen()).isEqualTo(1);
  }

  @Test
  void transactionsAreAtomicAndCompactionKeepsAbsolutePositions() {
    SimStorage<Long, List<Long>> s = new SimStorage<>();
    append(s, 1, 2, 3, 4);
    s.writeAtomically(List.of(new StorageOp.Trim<>(2), new StorageOp.SetSnapshot<>(Optional.of(List.of(1L, 2L)))));
    assertThat(s.compactedIdx()).isEqualTo(2);
    assertThat(s.entries(2, 4)).containsExactly(3L, 4L);
    assertThat(s.entries(1, 3)).isEmpty();
    assertThatThrownBy(() -> s.writeAtomically(List.of(new StorageOp.SetDecidedIdx<>(9),
        new StorageOp.AppendOnPrefix<>(1, List.of(7L))))).isInstanceOf(StorageException.class);
    assertThat(s.decidedIdx()).isZero();
    assertThatThrownBy(() -> s.writeAtomically(List.of(new StorageOp.AppendOnPrefix<>(9, List.of(7L)))))
        .as("a hole after the log end").isInstanceOf(StorageException.class);
    s.writeAtomically(List.of(new StorageOp.AppendOnPrefix<>(3, List.of(8L))));
    assertThat(s.entries(2, 4)).containsExactly(3L, 8L);
  }
}
