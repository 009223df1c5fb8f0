package omnipaxos.bench.harness;

/**
 * One cell of the matrix: closed-loop clients keeping {@code outstanding} writes of {@code entryBytes}
 * bytes in flight at the leader.
 */
public record Workload(int outstanding, int entryBytes) {

  public Workload {
    if (outstanding <= 0 || entryBytes <= 0) {
      throw new IllegalArgumentException("outstanding and entryBytes must be positive");
    }
  }
}
