package omnipaxos.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import omnipaxos.core.ClusterConfig;
import omnipaxos.testkit.DelayDistribution;
import omnipaxos.testkit.LinkProfile;
import omnipaxos.testkit.SimOptions;
import omnipaxos.testkit.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trace validation: TLC checks that runs of the Java core in the testkit's simulator are behaviours of
 * the specification ({@code spec/Trace.tla}): random runs with crashes, cuts, loss, duplication,
 * reordering, compaction and a reconfiguration, and the three partial-connectivity scenarios of the
 * OmniPaxos paper. Tampered traces (a lost write, a decided index reported too high) are rejected at the
 * tampered event.
 */
class TraceValidationTest {

  private static final Pattern STATE_LOG = Pattern.compile("acc \\|-> (\\d+), suffix \\|-> <<([^>]*)>>");
  private static final Pattern STATE_DECIDED = Pattern.compile("decided \\|-> (\\d+)");

  private final Tlc tlc = new Tlc();

  static Simulator<Long, List<Long>> simulator(long seed, int nodes, LinkProfile link) {
    return Simulator.of(SimOptions.builder(seed).nodes(nodes).link(link).specTrace(true).build());
  }

  /** Random proposals, crashes, link cuts, compactions and one reconfiguration on lossy, reordering links. */
  static Simulator<Long, List<Long>> randomRun(long seed) {
    LinkProfile link = LinkProfile.DEFAULT.withDelay(new DelayDistribution.Uniform(1, 15)).withLoss(0.03)
        .withDuplicate(0.03);
    Simulator<Long, List<Long>> sim = simulator(seed, 3, link);
    SplittableRandom rnd = new SplittableRandom(seed);
    long et = sim.electionTimeoutMs();
    for (int i = 0; i < 30; i++) {
      sim.run(et / 2);
      long p = 1 + rnd.nextInt(3);
      long q = 1 + (p + rnd.nextInt(2)) % 3;
      int a = rnd.nextInt(12);
      if (i == 24) {
        sim.reconfigure(p, new ClusterConfig(2, List.of(1L, 2L, 3L), Optional.empty()));
      } else if (a == 0) {
        sim.crash(p);
        sim.after(et + rnd.nextInt((int) et), "restart", () -> sim.restart(p));
      } else if (a == 1) {
        sim.cutBoth(p, q);
        sim.after(2 * et, "restore", () -> sim.restoreBoth(p, q));
      } else if (a == 2) {
        sim.trim(p);
      } else if (a == 3) {
        sim.snapshot(p, false);
      } else {
        sim.propose(p);
      }
    }
    sim.run(5 * et);
    return sim;
  }

  /** A cluster of {@code nodes} on default links, and the leader that made progress in it. */
  record Started(Simulator<Long, List<Long>> sim, long leader) {}

  static Started started(long seed, int nodes) {
    Simulator<Long, List<Long>> sim = simulator(seed, nodes, LinkProfile.DEFAULT);
    return new Started(sim, recover(sim, sim.pids(), 20));
  }

  /** Waits until {@code members} follow a leader with progress, within {@code bound} election timeouts. */
  static long recover(Simulator<Long, List<Long>> sim, List<Long> members, int bound) {
    long et = sim.electionTimeoutMs();
    return sim.awaitStableProgress(members, bound * et, 2 * et).leader();
  }

  static List<Long> others(Simulator<Long, List<Long>> sim, long... excluded) {
    List<Long> rest = new ArrayList<>(sim.pids());
    for (long e : excluded) {
      rest.remove(e);
    }
    return rest;
  }

  static void cutAmong(Simulator<Long, List<Long>> sim, List<Long> nodes) {
    for (long a : nodes) {
      for (long b : nodes) {
        if (a < b) {
          sim.cutBoth(a, b);
        }
      }
    }
  }

  private Tlc.Result validate(String name, Simulator<Long, List<Long>> sim, List<String> trace) {
    int n = sim.pids().size();
    Tlc.Result r = tlc.validateTrace(name, trace, n, n / 2 + 1, n / 2 + 1, Duration.ofMinutes(5));
    System.out.println(r.summary() + ", " + trace.size() + " events");
    return r;
  }

  private void assertBehaviour(String name, Simulator<Long, List<Long>> sim) {
    Tlc.Result r = validate(name, sim, sim.specTrace().orElseThrow().lines());
    assertThat(r.violated()).as(r.output()).contains("TraceNotFinished");
  }

  /** TLC matches no step to event {@code index} (0-based) of the trace: the search stops right before it. */
  private void assertRejectedAt(String name, Simulator<Long, List<Long>> sim, List<String> trace, int index) {
    Tlc.Result r = validate(name, sim, trace);
    assertThat(r.violated()).as(r.output()).isEmpty();
    assertThat(r.exitCode()).isEqualTo(Tlc.OK);
    assertThat(r.output()).contains("The depth of the complete state graph search is " + (index + 1) + ".");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void randomRunsAreBehavioursOfTheSpec(long seed) {
    assertBehaviour("trace-random-" + seed, randomRun(seed));
  }

  /** One follower C stays connected to everyone; all other links are cut (5 nodes). */
  @Test
  void quorumLossScenarioIsABehaviourOfTheSpec() {
    Started s = started(1, 5);
    Simulator<Long, List<Long>> sim = s.sim();
    long c = others(sim, s.leader()).get(0);
    cutAmong(sim, others(sim, c));
    assertThat(recover(sim, sim.pids(), 10)).isEqualTo(c);
    assertBehaviour("trace-quorum-loss", sim);
  }

  /**
   * A follower L falls behind while cut off from the leader; then the leader is isolated and the other
   * followers keep links only to L, the only quorum-connected node (5 nodes).
   */
  @Test
  void constrainedElectionScenarioIsABehaviourOfTheSpec() {
    Started s = started(2, 5);
    Simulator<Long, List<Long>> sim = s.sim();
    long old = s.leader();
    long l = others(sim, old).get(0);
    sim.cutBoth(old, l);
    for (int i = 0; i < 3; i++) {
      sim.propose(old);
      sim.run(sim.electionTimeoutMs() / 2);
    }
    assertThat(sim.node(l).decidedIdx()).isLessThan(sim.node(old).decidedIdx());
    sim.isolate(old);
    cutAmong(sim, others(sim, old, l));
    assertThat(recover(sim, others(sim, old), 10)).isEqualTo(l);
    assertBehaviour("trace-constrained-election", sim);
  }

  /** The leader and follower B lose their link; the middle node keeps the leader's quorum (3 nodes). */
  @Test
  void chainedScenarioIsABehaviourOfTheSpec() {
    Started s = started(3, 3);
    Simulator<Long, List<Long>> sim = s.sim();
    long leader = s.leader();
    long b = others(sim, leader).get(0);
    sim.cutBoth(leader, b);
    for (int i = 0; i < 4; i++) {
      sim.propose(leader);
      sim.run(2 * sim.electionTimeoutMs());
    }
    assertThat(recover(sim, List.of(leader, others(sim, leader, b).get(0)), 1)).isEqualTo(leader);
    assertBehaviour("trace-chained", sim);
  }

  /**
   * Teeth: a core that loses one write (a follower acknowledges entries that it did not store) is
   * rejected at that event.
   */
  @Test
  void aLostWriteIsRejected() {
    Simulator<Long, List<Long>> sim = randomRun(2);
    List<String> trace = new ArrayList<>(sim.specTrace().orElseThrow().lines());
    int i = firstIndex(trace, "\"Receive\", msg |-> [type |-> \"AcceptDecide\"", ", ents |-> <<>>");
    String line = trace.get(i);
    int state = line.lastIndexOf("state |-> ");
    Matcher m = STATE_LOG.matcher(line);
    assertThat(m.find(state)).isTrue();
    String suffix = m.group(2);
    String shorter = suffix.contains(",") ? suffix.substring(0, suffix.lastIndexOf(',')) : "";
    trace.set(i, line.substring(0, m.start()) + "acc |-> " + (Long.parseLong(m.group(1)) - 1) + ", suffix |-> <<"
        + shorter + ">>" + line.substring(m.end()));
    assertRejectedAt("trace-tampered-lost-write", sim, trace, i);
  }

  /** Teeth: a core whose leader reports a decided index one too high is rejected at that event. */
  @Test
  void aDecidedIndexTooHighIsRejected() {
    Simulator<Long, List<Long>> sim = randomRun(2);
    List<String> trace = new ArrayList<>(sim.specTrace().orElseThrow().lines());
    int i = firstIndex(trace, "\"Receive\", msg |-> [type |-> \"Accepted\"", "phase |-> \"Prepare\"");
    String line = trace.get(i);
    Matcher m = STATE_DECIDED.matcher(line);
    assertThat(m.find(line.lastIndexOf("state |-> "))).isTrue();
    trace.set(i, line.substring(0, m.start()) + "decided |-> " + (Long.parseLong(m.group(1)) + 1)
        + line.substring(m.end()));
    assertRejectedAt("trace-tampered-decided", sim, trace, i);
  }

  /** The first line after the first tenth of the trace that contains {@code what} and not {@code not}. */
  private static int firstIndex(List<String> trace, String what, String not) {
    for (int i = trace.size() / 10; i < trace.size(); i++) {
      if (trace.get(i).contains(what) && !trace.get(i).contains(not)) {
        return i;
      }
    }
    throw new AssertionError("no event " + what + " in the trace");
  }
}
