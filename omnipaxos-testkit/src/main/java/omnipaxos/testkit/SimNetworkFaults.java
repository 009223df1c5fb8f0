package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import omnipaxos.core.Describe;
import omnipaxos.core.Message;

/**
 * The network of a {@link Simulator} and the faults injected into it: sends every message through
 * the {@link SimNetwork} (cuts, loss, delays, duplication), holds back or duplicates the messages a
 * test picks, and cuts, restores, partitions and heals links, telling the ends of every link that
 * comes up that they reconnected. Its randomness is the network's stream of the seed.
 */
final class SimNetworkFaults<T, S> {

  /** A message handed to the network, printed with its delays when the trace is printed. */
  private record Sent(Message<?, ?> message, long[] delays) {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("+").append(delays[0]).append("ms");
      if (delays.length > 1) {
        b.append(" (duplicate +").append(delays[1]).append("ms)");
      }
      return b.append(' ').append(Describe.message(message)).toString();
    }
  }

  private final Simulator<T, S> sim;
  private final SimNetwork network;
  private final SplittableRandom random;
  private final List<Message<T, S>> held = new ArrayList<>();
  private Predicate<Message<T, S>> holdRule = m -> false;
  private Predicate<Message<T, S>> duplicateRule = m -> false;

  SimNetworkFaults(Simulator<T, S> sim, SimNetwork network, SplittableRandom random) {
    this.sim = sim;
    this.network = network;
    this.random = random;
  }

  // ---------------------------------------------------------------------------------------------
  // Messages
  // ---------------------------------------------------------------------------------------------

  /** Hands {@code m} to the network (or holds it back) and schedules its deliveries. */
  void send(Message<T, S> m) {
    sim.stats.count(Stat.MESSAGES_SENT);
    if (holdRule.test(m)) {
      held.add(m);
      sim.recorder.trace(TraceEvent.Kind.DROP, m.from(), "held back: ", m);
      return;
    }
    SimNetwork.Transmission tr = network.transmit(m.from(), m.to(), random);
    if (tr.fate() == SimNetwork.Fate.SENT && tr.delays().length == 1 && duplicateRule.test(m)) {
      tr =
          new SimNetwork.Transmission(
              tr.fate(), tr.epoch(), new long[] {tr.delays()[0], tr.delays()[0] + 1});
    }
    switch (tr.fate()) {
      case CUT -> {
        sim.stats.count(Stat.MESSAGES_DROPPED_LINK_CUT);
        sim.recorder.trace(
            TraceEvent.Kind.DROP, m.from(), new Sent(m, new long[] {0}) + " (link cut)");
      }
      case LOST -> {
        sim.stats.count(Stat.MESSAGES_LOST);
        sim.recorder.trace(TraceEvent.Kind.DROP, m.from(), new Sent(m, new long[] {0}) + " (lost)");
      }
      default -> {
        for (long delay : tr.delays()) {
          sim.loop.scheduleDelivery(delay, m, tr.epoch());
        }
        if (tr.delays().length > 1) {
          sim.stats.count(Stat.MESSAGES_DUPLICATED);
        }
        sim.recorder.trace(TraceEvent.Kind.SEND, m.from(), new Sent(m, tr.delays()));
      }
    }
  }

  /**
   * Whether {@code m}, sent in its link's epoch {@code epoch}, arrives: its link stayed up since.
   * Counts and traces it if not.
   */
  boolean arrives(Message<T, S> m, long epoch) {
    if (!network.up(m.from(), m.to()) || network.epoch(m.from(), m.to()) != epoch) {
      sim.stats.count(Stat.MESSAGES_DROPPED_LINK_CUT);
      sim.recorder.trace(TraceEvent.Kind.DROP, m.to(), "link cut in flight: ", m);
      return false;
    }
    return true;
  }

  void holdWhere(Predicate<Message<T, S>> rule) {
    holdRule = rule;
  }

  List<Message<T, S>> held() {
    return List.copyOf(held);
  }

  /** Delivers now the held messages that match {@code which}. @return how many */
  int release(Predicate<Message<T, S>> which) {
    int n = 0;
    for (Message<T, S> m : List.copyOf(held)) {
      if (which.test(m)) {
        held.remove(m);
        sim.recorder.trace(TraceEvent.Kind.NOTE, m.from(), "released: ", m);
        sim.loop.scheduleDelivery(0, m, network.epoch(m.from(), m.to()));
        n++;
      }
    }
    return n;
  }

  void duplicateWhere(Predicate<Message<T, S>> rule) {
    duplicateRule = rule;
  }

  // ---------------------------------------------------------------------------------------------
  // Links
  // ---------------------------------------------------------------------------------------------

  void cut(long from, long to) {
    if (network.cut(from, to)) {
      sim.stats.count(Stat.LINK_CUTS);
      sim.recorder.trace(TraceEvent.Kind.FAULT, 0, "cut " + from + "->" + to);
    }
  }

  void restore(long from, long to) {
    if (network.restore(from, to)) {
      sim.stats.count(Stat.LINK_RESTORES);
      sim.recorder.trace(TraceEvent.Kind.FAULT, 0, "restore " + from + "->" + to);
      sim.loop.reconnected(from, to);
    }
  }

  void cutBoth(long a, long b) {
    cut(a, b);
    cut(b, a);
  }

  void restoreBoth(long a, long b) {
    restore(a, b);
    restore(b, a);
  }

  void isolate(long pid) {
    for (long p : sim.pids()) {
      if (p != pid) {
        cutBoth(pid, p);
      }
    }
  }

  void reconnect(long pid) {
    for (long p : sim.pids()) {
      if (p != pid) {
        restoreBoth(pid, p);
      }
    }
  }

  List<Link> partition(List<? extends Collection<Long>> groups) {
    List<Link> cut = new ArrayList<>();
    for (long a : sim.pids()) {
      for (long b : sim.pids()) {
        if (a != b && groupOf(groups, a) != groupOf(groups, b)) {
          cut(a, b);
          cut.add(new Link(a, b));
        }
      }
    }
    return cut;
  }

  private static int groupOf(List<? extends Collection<Long>> groups, long pid) {
    for (int i = 0; i < groups.size(); i++) {
      if (groups.get(i).contains(pid)) {
        return i;
      }
    }
    return (int) -pid;
  }

  void restore(Collection<Link> links) {
    for (Link l : links) {
      restore(l.from(), l.to());
    }
  }

  void heal() {
    sim.recorder.trace(TraceEvent.Kind.FAULT, 0, "heal the network");
    for (Link l : network.healAll()) {
      sim.stats.count(Stat.LINK_RESTORES);
      sim.loop.reconnected(l.from(), l.to());
    }
  }

  List<Link> cutLinks() {
    return network.cutLinks();
  }

  boolean linkUp(long from, long to) {
    return network.up(from, to);
  }

  void setLink(long from, long to, LinkProfile profile) {
    network.setProfile(from, to, profile);
  }

  void setAllLinks(LinkProfile profile) {
    network.setDefault(profile, true);
  }

  void setLossEverywhere(double loss) {
    network.setLossEverywhere(loss);
  }

  LinkProfile link(long from, long to) {
    return network.profile(from, to);
  }

  void startLossBurst(long from, long to) {
    network.startBurst(from, to);
    sim.recorder.trace(TraceEvent.Kind.FAULT, 0, "loss burst on " + from + "->" + to);
  }

  void endLossBurst(long from, long to) {
    network.endBurst(from, to);
  }
}
