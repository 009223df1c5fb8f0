package omnipaxos.kv;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.core.storage.ConfigurationStore;
import omnipaxos.core.storage.MemoryConfigurationStore;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.runtime.Membership;
import omnipaxos.runtime.NodeConfig;
import omnipaxos.runtime.OmniPaxosHandle;
import omnipaxos.runtime.OmniPaxosNode;
import omnipaxos.storage.rocksdb.RocksDbConfigurationStore;
import omnipaxos.transport.netty.NettyTransport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Which cluster a server belongs to and who its members are: the data directory's {@link
 * ClusterIdentity} and {@link ConfigurationStore} (under {@code configurations/}), checked against
 * the flags at start-up, and kept up to date as configurations change (every member's address
 * travels in the stop sign's metadata, so the transport learns new members from the log).
 *
 * <p>A data directory of a cluster resumes in its latest configuration. An empty one bootstraps a
 * new cluster ({@code --bootstrap}: the first configuration is {@code --nodes}) or joins a running
 * one ({@code --join}: it learns the cluster's id and members from a member and waits to be added).
 * Anything else is refused with one line saying what differs and how to fix it.
 */
final class KvCluster implements AutoCloseable {

  private final KvServerConfig config;
  private final ClusterIdentity identity;
  private final ConfigurationStore<KvEntry, KvSnapshot> store;
  private final boolean joining;
  private final InetSocketAddress listen;

  /**
   * Addresses of every server this one may have to talk to: members of its latest two
   * configurations.
   */
  private final Map<Long, InetSocketAddress> known = new TreeMap<>();

  private volatile Map<Long, InetSocketAddress> members;
  private volatile Membership.State state = Membership.State.WAITING;
  private volatile String notServing;
  private volatile OmniPaxosNode<KvEntry, KvSnapshot> node;
  private final KnownPeers knownPeers;

  private KvCluster(
      KvServerConfig config,
      ClusterIdentity identity,
      ConfigurationStore<KvEntry, KvSnapshot> store,
      boolean joining,
      Map<Long, InetSocketAddress> members,
      InetSocketAddress listen) {
    this.config = config;
    this.identity = identity;
    this.store = store;
    this.joining = joining;
    this.members = Map.copyOf(members);
    this.listen = listen;
    this.knownPeers = new KnownPeers(config.dataDir());
    known.putAll(members);
  }

  /**
   * Opens the cluster state of {@code config}'s data directory (in memory without one),
   * bootstrapping or joining if it is empty.
   *
   * @throws StartupException if the flags disagree with the data directory, or it cannot be used
   */
  static KvCluster open(KvServerConfig config) {
    KvServerConfig.Start start = config.start();
    Optional<Path> dir = config.dataDir();
    dir.ifPresent(KvStartup::checkDataDir);
    Optional<ClusterIdentity> stored = dir.flatMap(ClusterIdentity::read);
    if (stored.isEmpty() && dir.isPresent() && Files.exists(dir.get().resolve("CURRENT"))) {
      throw new StartupException(
          "the data directory "
              + dir.get()
              + " was written by an earlier version (it keeps no"
              + " cluster identity)",
          "start this server with a new --data-dir and add it to the cluster, or restore a"
              + " backup into a new --data-dir");
    }
    ConfigurationStore<KvEntry, KvSnapshot> store =
        dir.<ConfigurationStore<KvEntry, KvSnapshot>>map(
                d ->
                    RocksDbConfigurationStore.open(
                        d.resolve("configurations"), KvCodecs.entries(), KvCodecs.snapshots()))
            .orElseGet(MemoryConfigurationStore::new);
    try {
      return stored.isPresent() ? resume(config, stored.get(), store) : fresh(config, store);
    } catch (RuntimeException e) {
      close(store);
      throw e;
    }
  }

  private static String where(KvServerConfig config) {
    return config.dataDir().map(d -> "the data directory " + d).orElse("this server");
  }

  /** Refuses a data directory that belongs to another server's pid. */
  private static void checkPid(KvServerConfig config, ClusterIdentity id, String dir) {
    if (id.pid() != config.pid()) {
      throw StartupException.usage(
          dir
              + " belongs to server "
              + id.pid()
              + " of cluster "
              + id.clusterId()
              + ", not to --pid "
              + config.pid(),
          "start it with --pid "
              + id.pid()
              + ", or give server "
              + config.pid()
              + " its own --data-dir");
    }
  }

  /** A data directory that belongs to a cluster: the flags must agree with it. */
  private static KvCluster resume(
      KvServerConfig config, ClusterIdentity id, ConfigurationStore<KvEntry, KvSnapshot> store) {
    String dir = where(config);
    checkPid(config, id, dir);
    // A server started with --join restarts with the same command line: its data directory already
    // knows the cluster (and a peer of another cluster would refuse its handshake), so it resumes.
    List<ConfigurationRecord> records = store.records();
    if (records.isEmpty()) {
      if (config.start().bootstrap()) {
        return bootstrap(config, id, store);
      }
      // A joining server that has not been added yet.
      return new KvCluster(config, id, store, true, config.nodes(), ownAddress(config, Map.of()));
    }
    ConfigurationRecord latest = records.get(records.size() - 1);
    Map<Long, InetSocketAddress> members = MemberAddresses.of(latest).orElse(Map.of());
    if (!config.nodes().isEmpty()) {
      Map<Long, InetSocketAddress> first = MemberAddresses.of(records.get(0)).orElse(Map.of());
      boolean sameAsBootstrap =
          config.start().bootstrap()
              && config.nodes().equals(first)
              && ClusterIdentity.derive(config.start().clusterName(), config.nodes())
                  .equals(id.clusterId());
      if (!config.nodes().equals(members) && !sameAsBootstrap) {
        throw StartupException.usage(
            "--nodes "
                + MemberAddresses.format(config.nodes())
                + " disagrees with "
                + dir
                + ", which holds configuration "
                + latest.configurationId()
                + " of cluster "
                + id.clusterId()
                + ": "
                + MemberAddresses.format(members),
            "drop --nodes (the data directory knows the members), or change the"
                + " membership with omnipaxos-kv cluster add|remove|replace");
      }
    }
    if (config.start().bootstrap()
        && !ClusterIdentity.derive(
                config.start().clusterName(),
                config.nodes().isEmpty()
                    ? MemberAddresses.of(records.get(0)).orElse(Map.of())
                    : config.nodes())
            .equals(id.clusterId())) {
      throw StartupException.usage(
          dir
              + " belongs to cluster "
              + id.clusterId()
              + "; --bootstrap with these flags"
              + " names another cluster",
          "drop --bootstrap to resume, or give the new cluster a new --data-dir");
    }
    config.dataDir().ifPresent(d -> KvStartup.openLog(store, latest.configurationId(), d));
    return new KvCluster(config, id, store, false, members, ownAddress(config, members));
  }

  /** An empty data directory: bootstrap or join. */
  private static KvCluster fresh(
      KvServerConfig config, ConfigurationStore<KvEntry, KvSnapshot> store) {
    KvServerConfig.Start start = config.start();
    if (start.bootstrap()) {
      ClusterIdentity id =
          new ClusterIdentity(
              ClusterIdentity.derive(start.clusterName(), config.nodes()), config.pid());
      config.dataDir().ifPresent(id::write);
      return bootstrap(config, id, store);
    }
    if (start.join().isPresent()) {
      return join(config, start.join().get(), store);
    }
    throw StartupException.usage(
        where(config) + " holds no cluster",
        "start a new cluster with --bootstrap --nodes 1=host:port,..., join a running one with"
            + " --join <a member's client host:port>, or give the --data-dir of this server");
  }

  private static KvCluster bootstrap(
      KvServerConfig config, ClusterIdentity id, ConfigurationStore<KvEntry, KvSnapshot> store) {
    ClusterConfig first = ClusterConfig.of(1, List.copyOf(new TreeSet<>(config.nodes().keySet())));
    store.append(
        new ConfigurationRecord(first, 0, Optional.of(MemberAddresses.encode(config.nodes()))),
        Optional.empty());
    config.dataDir().ifPresent(d -> KvStartup.openLog(store, 1, d));
    return new KvCluster(
        config, id, store, false, config.nodes(), ownAddress(config, config.nodes()));
  }

  private static KvCluster join(
      KvServerConfig config,
      InetSocketAddress member,
      ConfigurationStore<KvEntry, KvSnapshot> store) {
    Map<String, String> info;
    try {
      info = info(query(member, "CLUSTER"));
    } catch (IllegalStateException e) {
      throw new StartupException(
          "the server at " + KvStartup.hostPort(member) + " (--join) answered: " + e.getMessage(),
          "give --join the client address of a running member of the cluster");
    }
    String clusterId = info.get("cluster_id");
    Map<Long, InetSocketAddress> members = MemberAddresses.parse(info.getOrDefault("members", ""));
    if (clusterId == null || members.isEmpty()) {
      throw new StartupException(
          "the server at " + KvStartup.hostPort(member) + " (--join) did not describe its cluster",
          "give --join the client address of a running member");
    }
    if (members.containsKey(config.pid())) {
      throw StartupException.usage(
          "pid "
              + config.pid()
              + " is a member of cluster "
              + clusterId
              + " already ("
              + MemberAddresses.format(members)
              + "); a server with an empty data directory cannot take its place",
          "give this server a new --pid, or remove server "
              + config.pid()
              + " first (omnipaxos-kv cluster remove "
              + config.pid()
              + ")");
    }
    ClusterIdentity id = new ClusterIdentity(clusterId, config.pid());
    config.dataDir().ifPresent(id::write);
    return new KvCluster(config, id, store, true, members, ownAddress(config, Map.of()));
  }

  private static InetSocketAddress ownAddress(
      KvServerConfig config, Map<Long, InetSocketAddress> members) {
    InetSocketAddress a =
        config
            .start()
            .listen()
            .orElse(members.getOrDefault(config.pid(), config.nodes().get(config.pid())));
    if (a == null) {
      throw StartupException.usage("this server's own server-to-server address is not known",
          "give it with --listen host:port (the address the others will dial)");
    }
    return a;
  }

  /**
   * Sends {@code OMNIPAXOS args...} to the server whose client address is {@code server}; returns
   * the reply.
   *
   * @throws IllegalStateException with the server's error reply
   * @throws StartupException if the server cannot be reached
   */
  static String query(InetSocketAddress server, String... args) {
    ProtocolCommand omnipaxos = () -> SafeEncoder.encode("OMNIPAXOS");
    try (Jedis j = new Jedis(server.getHostString(), server.getPort(), 60_000)) {
      Object reply = j.sendCommand(omnipaxos, args);
      return reply instanceof byte[] b
          ? new String(b, StandardCharsets.UTF_8)
          : String.valueOf(reply);
    } catch (redis.clients.jedis.exceptions.JedisDataException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new StartupException(
          "cannot ask the server at " + KvStartup.hostPort(server) + ": " + e.getMessage(),
          "check that a server of the cluster serves clients there");
    }
  }

  /** The {@code key:value} lines of an INFO-style reply. */
  static Map<String, String> info(String reply) {
    Map<String, String> out = new HashMap<>();
    for (String line : reply.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        out.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return out;
  }

  // ---- running ----

  String clusterId() {
    return identity.clusterId();
  }

  /** The incarnation of this server's data directory, named in every handshake. */
  long incarnation() {
    return identity.incarnation();
  }

  /** Admits peers by the incarnation of their data directories. */
  KnownPeers knownPeers() {
    return knownPeers;
  }

  /** This server's server-to-server address. */
  InetSocketAddress listenAddress() {
    return listen;
  }

  /** Who the transport starts with: every known server but this one. */
  synchronized Map<Long, InetSocketAddress> peers() {
    Map<Long, InetSocketAddress> p = new TreeMap<>(known);
    p.remove(config.pid());
    return p;
  }

  /** The latest configuration's members and their addresses. */
  Map<Long, InetSocketAddress> members() {
    return members;
  }

  /**
   * Creates the node from {@code base}, the settings of every node but its pid, peers and
   * configuration id (which this sets on it): resumes or bootstraps, or waits to be added.
   */
  OmniPaxosHandle<KvEntry, KvSnapshot> createNode(NodeConfig.Builder base) {
    base.pid(config.pid());
    if (joining) {
      return KvStartup.createNode(
          () ->
              OmniPaxosNode.join(
                  base.peers(List.of()).build(),
                  store,
                  KvSnapshot.snapshotter(),
                  KvCodecs.canonicalSnapshots()));
    }
    List<ConfigurationRecord> records = store.records();
    ClusterConfig first = records.get(0).config();
    base.configurationId(first.configurationId())
        .peers(first.nodes().stream().filter(p -> p != config.pid()).toList());
    return KvStartup.createNode(() -> OmniPaxosNode.create(base.build(), store,
        KvSnapshot.snapshotter(), KvCodecs.canonicalSnapshots()));
  }

  /**
   * Follows the node's membership: the transport learns the members of the new configuration
   * (before it starts) and forgets servers of configurations older than the previous one; clients
   * and health learn whether this server serves.
   */
  void follow(
      OmniPaxosNode<KvEntry, KvSnapshot> node, NettyTransport<?, ?> transport, KvHealth health) {
    this.node = node;
    node.onMembershipChange(m -> changed(m, transport, health));
    changed(node.membership(), transport, health);
  }

  private synchronized void changed(Membership m, NettyTransport<?, ?> transport, KvHealth health) {
    state = m.state();
    List<ConfigurationRecord> history = m.history();
    Map<Long, InetSocketAddress> wanted = new TreeMap<>();
    if (history.size() <= 1 && joining) {
      wanted.putAll(known);
    }
    for (ConfigurationRecord r : history.subList(Math.max(0, history.size() - 2), history.size())) {
      MemberAddresses.of(r).ifPresent(wanted::putAll);
    }
    if (!history.isEmpty()) {
      members = Map.copyOf(MemberAddresses.of(history.get(history.size() - 1)).orElse(members));
      transport.setConfigurationId(history.get(history.size() - 1).configurationId());
    }
    wanted.remove(config.pid());
    for (Map.Entry<Long, InetSocketAddress> e : wanted.entrySet()) {
      if (!e.getValue().equals(known.get(e.getKey()))
          || !transport.peers().containsKey(e.getKey())) {
        transport.addPeer(e.getKey(), e.getValue());
      }
    }
    for (long p : List.copyOf(transport.peers().keySet())) {
      if (!wanted.containsKey(p)) {
        transport.removePeer(p);
      }
    }
    known.clear();
    known.putAll(wanted);
    // A server that left the latest configuration may come back later with a new data directory.
    if (!history.isEmpty()) {
      knownPeers.retain(history.get(history.size() - 1).config().nodes());
    }
    health.setPeers(members.keySet().stream().filter(p -> p != config.pid()).toList());
    notServing = explain(m);
    health.notServing(notServing);
  }

  private String explain(Membership m) {
    int id = m.configuration().map(ClusterConfig::configurationId).orElse(0);
    return switch (m.state()) {
      case MEMBER, SWITCHING -> null;
      case REMOVED ->
          "REMOVED server "
              + config.pid()
              + " was removed from the cluster in configuration "
              + id
              + "; its members are "
              + MemberAddresses.format(members);
      case CATCHING_UP ->
          "LOADING server "
              + config.pid()
              + " is fetching the state of the cluster"
              + m.migration()
                  .map(p -> " (" + p.chunksDone() + "/" + p.chunks() + " chunks)")
                  .orElse("")
              + " before it takes part";
      case WAITING ->
          "ERR server "
              + config.pid()
              + " is not a member of cluster "
              + identity.clusterId()
              + " yet; add it with: omnipaxos-kv cluster add "
              + config.pid()
              + "="
              + KvStartup.hostPort(listen);
    };
  }

  /**
   * The error a client gets while this server does not serve (not a member), or null when it
   * serves.
   */
  String notServing() {
    String s = notServing;
    return s != null && state == Membership.State.CATCHING_UP ? explain(node.membership()) : s;
  }

  /** Where the server stands, in words for INFO. */
  String state() {
    return state.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    close(store);
  }

  private static void close(ConfigurationStore<KvEntry, KvSnapshot> store) {
    if (store instanceof RocksDbConfigurationStore<KvEntry, KvSnapshot> r) {
      r.close();
    }
  }
}
