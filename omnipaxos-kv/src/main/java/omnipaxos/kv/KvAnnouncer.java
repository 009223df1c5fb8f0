package omnipaxos.kv;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.ServerAddresses;
import omnipaxos.kv.dashboard.Dashboard;
import omnipaxos.runtime.Membership;
import omnipaxos.runtime.NodeStats;
import omnipaxos.runtime.OmniPaxosNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this server's addresses in the replicated state, and the dashboard's peers in line with
 * it. Every {@link #PERIOD_MS}: a member whose announcement ({@link KvEntry.Announce}) is missing
 * or differs from its own addresses appends it; the leader appends a {@link KvEntry.Forget} for a
 * server that announced but is no longer a member. Both are log entries, applied alike everywhere
 * and carried in snapshots. (A record is not dropped when the stop sign that removes its server is
 * applied: a server that joins starts from the state built from the entries before the stop sign,
 * so an effect of the stop sign itself would be missing there.) The dashboard gathers the others'
 * views at their announced HTTP addresses, unless {@code --dashboard-peers} names another.
 */
final class KvAnnouncer {

  /** How often the announcement is checked. */
  static final long PERIOD_MS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(KvAnnouncer.class);

  private final long pid;
  private final ServerAddresses own;
  private final OmniPaxosNode<KvEntry, KvSnapshot> node;
  private final KvStateMachine state;
  private final Supplier<NodeStats> stats;
  private final Optional<Dashboard> dashboard;
  private final AtomicBoolean appending = new AtomicBoolean();
  private volatile Map<Long, InetSocketAddress> override = Map.of();
  /** The announcements last handed to the dashboard, and the override then. */
  private SortedMap<Long, ServerAddresses> shown;
  private Map<Long, InetSocketAddress> shownOverride;

  KvAnnouncer(long pid, ServerAddresses own, OmniPaxosNode<KvEntry, KvSnapshot> node,
      KvStateMachine state, Supplier<NodeStats> stats, Optional<Dashboard> dashboard) {
    this.pid = pid;
    this.own = own;
    this.node = node;
    this.state = state;
    this.stats = stats;
    this.dashboard = dashboard;
  }

  /**
   * What the server of {@code config} announces, listening for HTTP on {@code http} (null if it
   * serves none) and for clients on {@code client}; {@code peer} is its server-to-server address.
   */
  static ServerAddresses addresses(KvServerConfig config, InetSocketAddress peer,
      InetSocketAddress http, InetSocketAddress client) {
    String host = peer.getHostString();
    String h = http == null ? "" : address(config.advertise().http(),
        config.httpAddress().orElse(http), http.getPort(), host);
    return new ServerAddresses(h, address(config.advertise().client(), config.clientAddress(),
        client.getPort(), host));
  }

  /**
   * What a server announces: {@code advertised} if given, else {@code listening} (with the port it
   * was bound to, {@code boundPort}), its host replaced by {@code peerHost} (the host of its
   * server-to-server address) if it is a wildcard.
   */
  static String address(Optional<InetSocketAddress> advertised, InetSocketAddress listening,
      int boundPort, String peerHost) {
    if (advertised.isPresent()) {
      return KvStartup.hostPort(advertised.get());
    }
    boolean wildcard = listening.getAddress() != null && listening.getAddress().isAnyLocalAddress();
    return (wildcard ? peerHost : listening.getHostString()) + ":" + boundPort;
  }

  /** HTTP addresses that replace the announced ones, by pid ({@code --dashboard-peers}). */
  void override(Map<Long, InetSocketAddress> http) {
    Map<Long, InetSocketAddress> o = new TreeMap<>(http);
    o.remove(pid);
    override = Map.copyOf(o);
  }

  /** One check; runs on the server's timer. */
  void tick() {
    try {
      SortedMap<Long, ServerAddresses> announced = state.announced();
      dashboard.ifPresent(d -> showPeers(d, announced));
      Membership m = node.membership();
      if (m.state() != Membership.State.MEMBER || m.configuration().isEmpty()) {
        return;
      }
      KvEntry next = null;
      if (!own.equals(announced.get(pid))) {
        next = new KvEntry.Announce(pid, own);
      } else if (leads()) {
        next = announced.keySet().stream().filter(p -> !m.configuration().get().nodes().contains(p))
            .findFirst().<KvEntry>map(KvEntry.Forget::new).orElse(null);
      }
      if (next != null && appending.compareAndSet(false, true)) {
        append(next);
      }
    } catch (RuntimeException e) {
      LOG.warn("server {}: checking its announced addresses failed: {}", pid, e.toString());
    }
  }

  private boolean leads() {
    NodeStats s = stats.get();
    return s != null && s.leader().equals(OptionalLong.of(pid));
  }

  /** Appends {@code entry}; the next may follow once it is applied here (or failed). */
  private void append(KvEntry entry) {
    node.appendDecided(entry).thenCompose(state::resultAt).whenComplete((r, e) -> {
      appending.set(false);
      if (e != null) {
        LOG.debug("server {}: {} not decided: {}", pid, entry, e.toString());
      }
    });
  }

  private void showPeers(Dashboard d, SortedMap<Long, ServerAddresses> announced) {
    Map<Long, InetSocketAddress> o = override;
    if (announced.equals(shown) && o.equals(shownOverride)) {
      return;
    }
    Map<Long, InetSocketAddress> http = new TreeMap<>();
    announced.forEach((p, a) -> {
      if (p != pid && !a.http().isEmpty()) {
        try {
          http.put(p, MemberAddresses.address(a.http()));
        } catch (IllegalArgumentException e) {
          LOG.warn("server {}: server {} announced an HTTP address that is not host:port: {}", pid,
              p, a.http());
        }
      }
    });
    http.putAll(o);
    d.peers(http);
    shown = announced;
    shownOverride = o;
  }
}
