package omnipaxos.bench.microraft;

import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.model.message.RaftMessage;
import io.microraft.transport.Transport;
import java.util.Map;
import java.util.Set;

/**
 * MicroRaft's in-JVM transport as its own tests build it: {@code send} calls the receiver's
 * {@link RaftNode#handle}, which only queues the message on the receiver's executor. Messages from or
 * to a killed node are dropped.
 */
final class DirectTransport implements Transport {

  private final RaftEndpoint self;
  private final Map<RaftEndpoint, RaftNode> nodes;
  private final Set<RaftEndpoint> killed;

  DirectTransport(RaftEndpoint self, Map<RaftEndpoint, RaftNode> nodes, Set<RaftEndpoint> killed) {
    this.self = self;
    this.nodes = nodes;
    this.killed = killed;
  }

  @Override
  public void send(RaftEndpoint target, RaftMessage message) {
    RaftNode node = nodes.get(target);
    if (node != null && !killed.contains(target) && !killed.contains(self)) {
      node.handle(message);
    }
  }

  @Override
  public boolean isReachable(RaftEndpoint endpoint) {
    return nodes.containsKey(endpoint) && !killed.contains(endpoint);
  }
}
