package omnipaxos.bench.microraft;

import io.microraft.statemachine.StateMachine;
import java.util.List;
import java.util.function.Consumer;

/** The benchmark's state machine: applies nothing; its snapshot is empty. */
final class EmptyStateMachine implements StateMachine {

  private static final byte[] NO_OP = new byte[0];

  @Override
  public Object runOperation(long commitIndex, Object operation) {
    return null;
  }

  @Override
  public void takeSnapshot(long commitIndex, Consumer<Object> snapshotChunkConsumer) {
    snapshotChunkConsumer.accept(NO_OP);
  }

  @Override
  public void installSnapshot(long commitIndex, List<Object> snapshotChunks) {
    // Nothing to restore: the state machine has no state.
  }

  @Override
  public Object getNewTermOperation() {
    return NO_OP;
  }
}
