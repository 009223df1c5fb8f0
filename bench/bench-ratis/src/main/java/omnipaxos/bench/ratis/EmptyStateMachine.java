package omnipaxos.bench.ratis;

import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;

/** The benchmark's state machine: records the applied index, as Ratis requires, and nothing else. */
final class EmptyStateMachine extends BaseStateMachine {

  private static final CompletableFuture<Message> EMPTY = CompletableFuture.completedFuture(Message.EMPTY);

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto e = trx.getLogEntry();
    updateLastAppliedTermIndex(e.getTerm(), e.getIndex());
    return EMPTY;
  }
}
