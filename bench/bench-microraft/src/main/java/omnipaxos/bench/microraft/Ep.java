package omnipaxos.bench.microraft;

import io.microraft.RaftEndpoint;
import java.io.Serializable;

/** A node's endpoint: its name. Serializable, as MicroRaft's model objects are. */
record Ep(String id) implements RaftEndpoint, Serializable {

  @Override
  public Object getId() {
    return id;
  }
}
