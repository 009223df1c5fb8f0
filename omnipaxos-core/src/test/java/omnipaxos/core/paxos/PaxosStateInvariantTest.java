package omnipaxos.core.paxos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

/**
 * The invariants that {@link PaxosState} checks with Java assertions hold in every test and simulated
 * run: the tests run with assertions on, and a violation is caught.
 */
class PaxosStateInvariantTest {

  private final PaxosState<String, String> state =
      new PaxosState<>(new MemoryStorage<>(), omnipaxos.core.Snapshotter.disabled(), 1);

  @Test
  void testsRunWithAssertionsOn() {
    assertThat(PaxosState.class.desiredAssertionStatus()).isTrue();
  }

  @Test
  void aPromiseNeverDecreases() {
    state.setPromise(new Ballot(1, 5, 0, 2));
    state.setPromise(new Ballot(1, 5, 0, 2));
    assertThatThrownBy(() -> state.setPromise(new Ballot(1, 4, 0, 3))).isInstanceOf(AssertionError.class)
        .hasMessageContaining("may never decrease");
  }

  @Test
  void aNodeAcceptsOnlyInARoundItPromised() {
    state.setPromise(new Ballot(1, 3, 0, 1));
    state.syncLog(new Ballot(1, 3, 0, 1), 0, Optional.empty());
    assertThatThrownBy(() -> state.syncLog(new Ballot(1, 4, 0, 1), 0, Optional.empty()))
        .isInstanceOf(AssertionError.class).hasMessageContaining("above the promise");
  }
}
