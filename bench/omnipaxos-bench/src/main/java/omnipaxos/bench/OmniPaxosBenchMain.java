package omnipaxos.bench;

import omnipaxos.bench.harness.BenchMain;

/** The OmniPaxos JVM of the cluster benchmark; see {@link BenchMain} for the arguments. */
public final class OmniPaxosBenchMain {

  private OmniPaxosBenchMain() {}

  public static void main(String[] args) throws Exception {
    BenchMain.run(new OmniPaxosSystem(), args);
  }
}
