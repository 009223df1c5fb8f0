package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's spec trace: one TLA+ record per event, recorded only when asked for. */
class SpecTraceTest {

  private static Simulator<Long, List<Long>> run(boolean specTrace) {
    Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(7).specTrace(specTrace).build());
    sim.awaitStableProgress(20 * sim.electionTimeoutMs(), 2 * sim.electionTimeoutMs());
    sim.propose(1);
    sim.run(5 * sim.electionTimeoutMs());
    return sim;
  }

  @Test
  void everyLineIsOneEventWithItsSentMessagesAndState() {
    List<String> lines = run(true).specTrace().orElseThrow().lines();
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l)
        .startsWith("[node |-> ").contains(", action |-> \"").contains(", sent |-> {")
        .contains(", state |-> [promise |-> ").endsWith("\"]]"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("action |-> \"BecomeLeader\", r |-> "));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("action |-> \"Propose\", v |-> "));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("msg |-> [type |-> \"Accepted\""));
  }

  @Test
  void noTraceUnlessAskedFor() {
    assertThat(run(false).specTrace()).isEmpty();
  }

  @Test
  void aTraceNeedsBatchSizeOneAndNoPriorities() {
    assertThatThrownBy(() -> SimOptions.builder(1).specTrace(true).server(b -> b.batchSize(2)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimOptions.builder(1).specTrace(true).priority(1, 3).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void faultsThatLoseUnflushedWritesAreRefused() {
    Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(1).specTrace(true).build());
    assertThatThrownBy(() -> sim.crashBeforeFlush(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sim.failNextWrite(1)).isInstanceOf(IllegalStateException.class);
  }
}
