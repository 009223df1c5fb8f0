package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.core.Snapshotter;

/**
 * The snapshot of a prefix is the list of its entries: wasteful, but a compacted prefix can then be
 * compared entry by entry with the decided log.
 */
public final class ListSnapshotter<T> implements Snapshotter<T, List<T>> {

  @Override
  public List<T> create(List<T> entries) {
    return List.copyOf(entries);
  }

  @Override
  public List<T> extend(List<T> base, List<T> entries) {
    List<T> all = new ArrayList<>(base.size() + entries.size());
    all.addAll(base);
    all.addAll(entries);
    return List.copyOf(all);
  }
}
