package omnipaxos.kv.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.KvState;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;

/**
 * Our command layer on one state machine, transactions and WATCH included, with a leader's clock
 * tick before each entry.
 */
final class TxnExecutor implements KvExecutor {

  private final KvState state = new KvState();

  @Override
  public synchronized CompletableFuture<Reply> execute(KvEntry.Invoke command) {
    state.apply(new KvEntry.Clock(System.currentTimeMillis()));
    return CompletableFuture.completedFuture(state.apply(command));
  }

  @Override
  public synchronized CompletableFuture<Reply> transact(KvEntry.Txn txn) {
    state.apply(new KvEntry.Clock(System.currentTimeMillis()));
    return CompletableFuture.completedFuture(state.apply(txn));
  }

  @Override
  public synchronized List<KvEntry.Watch> watch(int db, List<String> keys) {
    return state.watch(db, keys);
  }

  @Override
  public synchronized CompletableFuture<List<DbStats>> keyspaceStats() {
    return CompletableFuture.completedFuture(state.keyspaceStats());
  }

  @Override
  public CompletableFuture<String> clusterInfo() {
    return CompletableFuture.completedFuture("# OmniPaxos\r\nleader:1\r\n# Cluster\r\n");
  }
}
