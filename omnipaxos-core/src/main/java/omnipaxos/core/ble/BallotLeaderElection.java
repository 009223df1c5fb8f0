package omnipaxos.core.ble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.ElectionStart;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.ble.BleMessage.HeartbeatReply;
import omnipaxos.core.ble.BleMessage.HeartbeatRequest;

/**
 * Ballot Leader Election: decides who should lead, from heartbeat rounds, so that a leader is found
 * whenever some node is connected to a quorum, even if the network is only partially connected.
 *
 * <p>Every node follows the largest ballot it hears. A node is <em>happy</em> if it leads and hears
 * enough followers to form a quorum, or if it hears its leader and the leader is happy. A node
 * mints a new, larger ballot only if it is unhappy, every node it hears is unhappy too, and it
 * hears a read quorum (itself included). Connectivity, not log freshness, decides who may lead:
 * Sequence Paxos brings the new leader's log up to date in its Prepare phase. A pure state machine
 * driven by {@link #hbTimeout} at the end of every heartbeat round. Not thread-safe.
 *
 * <p>Rounds are shorter than the election timeout T ({@link ServerConfig#heartbeatTicks()}, a
 * tenth of T after a first round of T), and a node judges from the latest answer of each peer heard
 * within the last {@link ServerConfig#heartbeatWindowRounds()} rounds, so a peer counts until it
 * has been silent for T. A node that turns unhappy also answers the latest request of each
 * peer once more with its new state, so its peers learn within a round, not at their next request:
 * after a leader crash the last survivor to miss the leader for T sees every other survivor
 * unhappy at once and takes over (a node yields one round to an unhappy peer that would win a tie,
 * so that nodes whose rounds end together do not all take over). A node that alone lost the leader
 * still hears happy peers and does not take over.
 *
 * <p>A fresh server's round-1 ballot is a <em>candidacy</em>: it claims no leader until a quorum
 * follows it. Servers that start together follow the largest candidacy they hear at the end of
 * their first round; a server happy with its leader follows leaders only, so a server that starts
 * after the others have a leader joins it, whatever its pid.
 */
public final class BallotLeaderElection {

  private final long pid;
  private final int configId;
  private final List<Long> peers;
  private final int readQuorum;
  private final int writeQuorum;
  private final int windowRounds;

  private long hbRound;
  /**
   * The latest answer of each peer heard in one of the last {@code windowRounds} rounds (the
   * answer to the newest request), and the round it arrived in.
   */
  private final Map<Long, HeartbeatReply> replies = new LinkedHashMap<>();
  private final Map<Long, Long> arrivedInRound = new LinkedHashMap<>();
  /** The peers whose answers arrived in the current round. */
  private final TreeSet<Long> heardThisRound = new TreeSet<>();
  /** The round of the latest request of each peer, which a changed state answers once more. */
  private final Map<Long, Long> requestRounds = new LinkedHashMap<>();
  private Ballot currentBallot;
  private Ballot leader;
  private boolean happy = true;
  /** Whether this node could have taken over at the last round's end but let a peer go first. */
  private boolean yielded;
  private List<Long> heardLastRound = List.of();
  private final ArrayList<BleMessage> outgoing = new ArrayList<>();

  /**
   * Creates the election component and starts its first heartbeat round.
   *
   * @param recoveredPromise the promise found in storage if the node is restarting; the node then
   *     starts following it, with its own ballot at round 0 so it does not re-announce an old
   *     ballot
   */
  public BallotLeaderElection(
      ClusterConfig config, ServerConfig server, Optional<Ballot> recoveredPromise) {
    this.pid = server.pid();
    this.configId = config.configurationId();
    this.peers = config.nodes().stream().filter(p -> p != pid).toList();
    this.readQuorum = config.readQuorum();
    this.writeQuorum = config.writeQuorum();
    this.windowRounds = server.heartbeatWindowRounds();
    ElectionStart start = server.electionStart();
    long firstRound =
        start == ElectionStart.DESIGNATED_LEADER ? 2 : start == ElectionStart.JOINER ? 0 : 1;
    Ballot initial = new Ballot(configId, firstRound, server.leaderPriority(), pid);
    if (recoveredPromise.isPresent() && !recoveredPromise.get().equals(Ballot.NONE)) {
      this.currentBallot = initial.withN(0);
      this.leader = recoveredPromise.get();
    } else if (start == ElectionStart.JOINER) {
      this.currentBallot = initial;
      this.leader = Ballot.NONE;
      this.happy = false;
    } else if (start == ElectionStart.DESIGNATED_LEADER) {
      this.currentBallot = initial;
      this.leader = initial;
    } else {
      // A candidacy until the first round ends: no leader is claimed, so that servers already
      // happy with a leader do not follow this ballot when this server starts after them.
      this.currentBallot = initial;
      this.leader = Ballot.NONE;
    }
    startRound();
  }

  /** Handles a heartbeat message from a member of this configuration. */
  public void handle(BleMessage m) {
    if (m instanceof HeartbeatRequest req) {
      requestRounds.merge(req.from(), req.round(), Math::max);
      outgoing.add(new HeartbeatReply(pid, req.from(), req.round(), currentBallot, leader, happy));
      if (hbRound == 1 && !replies.containsKey(req.from())) {
        // A peer that asks has started; it may have missed this node's first request, sent before.
        outgoing.add(new HeartbeatRequest(pid, req.from(), configId, hbRound));
      }
    } else if (m instanceof HeartbeatReply rep) {
      HeartbeatReply known = replies.get(rep.from());
      if (rep.ballot().configId() == configId
          && rep.round() <= hbRound
          && rep.round() > hbRound - windowRounds
          && (known == null || known.round() <= rep.round())) {
        replies.put(rep.from(), rep);
        arrivedInRound.put(rep.from(), hbRound);
        heardThisRound.add(rep.from());
      }
    }
  }

  /**
   * Whether the first heartbeat round may end now instead of at its timeout: a read quorum (this
   * node included) answered, and this node either did not start as an ordinary peer at round 1 (it
   * is a designated leader, a joiner or restarted), or heard a ballot above round 1, which it will
   * follow. An ordinary peer that heard only round-1 ballots waits for the timeout, so that peers
   * starting a few moments apart do not compete.
   */
  public boolean firstRoundSettled() {
    if (hbRound != 1 || replies.size() + 1 < readQuorum) {
      return false;
    }
    if (currentBallot.n() != 1) {
      return true;
    }
    for (HeartbeatReply r : replies.values()) {
      if (r.ballot().n() > 1 || r.leader().n() > 1) {
        return true;
      }
    }
    return false;
  }

  /**
   * Ends the current heartbeat round and starts the next.
   *
   * @param acceptingLeader whether this node's Sequence Paxos leads and is in its Accept phase (it
   *     then needs only a write quorum of followers to stay happy)
   * @param paxosPromise the ballot Sequence Paxos promised, which may be newer than what BLE heard
   * @return this node's ballot if it should lead (it leads in BLE's view and is happy); Sequence
   *     Paxos ignores ballots it already leads
   */
  public Optional<Ballot> hbTimeout(boolean acceptingLeader, Ballot paxosPromise) {
    boolean wasHappy = happy;
    arrivedInRound.values().removeIf(round -> round <= hbRound - windowRounds);
    replies.keySet().retainAll(arrivedInRound.keySet());
    boolean claimedNone = leader.equals(Ballot.NONE);
    followLargestBallot();
    happy = leader.equals(currentBallot) ? canLead(acceptingLeader) : hearsHappyLeader();
    if (!happy && claimedNone) {
      // The candidacy it would follow (its own or a peer's) has no quorum behind it yet: it claims
      // no leader still, so that it passes on no candidacy as a leader, and a server that heard
      // too few peers in its first round (links not up yet) joins a leader it hears later.
      leader = Ballot.NONE;
    }
    if (happy) {
      yielded = false;
    } else {
      takeOverIfAllowed();
    }
    heardLastRound = replies.keySet().stream().sorted().toList();
    heardThisRound.clear();
    startRound();
    if (paxosPromise.greaterThan(leader)) {
      leader = paxosPromise;
      if (paxosPromise.pid() == pid) {
        currentBallot = paxosPromise;
      }
      happy = true;
    }
    if (wasHappy && !happy) {
      // Tell the peers now rather than at their next request, so that the last of them to turn
      // unhappy sees every other one unhappy at the end of its round and takes over.
      requestRounds.forEach((p, round) ->
          outgoing.add(new HeartbeatReply(pid, p, round, currentBallot, leader, false)));
    }
    // Only a node that can gather a quorum of followers starts leading: a node that hears nobody
    // (e.g. the first of a cluster to start) would only run a Prepare round that cannot succeed and
    // that forces a second leader change once the others appear.
    return leader.equals(currentBallot) && happy ? Optional.of(currentBallot) : Optional.empty();
  }

  /**
   * Takes over if this node is unhappy, every peer it hears is unhappy too and it hears a read
   * quorum. If an unhappy peer it hears would win a tie (higher priority, or equal priority and a
   * higher pid), it yields for one round first, so that nodes whose rounds end together do not all
   * take over at once; it takes over at the next round if it is still allowed to then.
   */
  private void takeOverIfAllowed() {
    boolean allUnhappy = replies.values().stream().noneMatch(HeartbeatReply::happy);
    if (!allUnhappy || replies.size() + 1 < readQuorum) {
      yielded = false;
      return;
    }
    if (!yielded && replies.values().stream().anyMatch(r -> winsTie(r.ballot()))) {
      yielded = true;
      return;
    }
    yielded = false;
    currentBallot = currentBallot.withN(leader.n() + 1);
    leader = currentBallot;
    happy = true;
  }

  /** Whether {@code b}'s owner would win against this node at an equal round. */
  private boolean winsTie(Ballot b) {
    return b.priority() > currentBallot.priority()
        || (b.priority() == currentBallot.priority() && b.pid() > pid);
  }

  /**
   * Follows the largest ballot heard: a leader a replier follows, and, while this node has no
   * leader it is happy with and hears nobody happy with one, the candidacies too (its own
   * included): the ballot of a server in its first round, which claims no leader yet. Following
   * leaders spreads a ballot whose owner is gone or unreachable (e.g. a node restarted with a
   * promise nobody else saw), so that the next takeover exceeds every promise in the cluster and
   * no node is left behind. Candidacies decide the first leader of servers that start together; a
   * server that starts after the others have a leader only joins them, whatever its pid.
   */
  private void followLargestBallot() {
    boolean candidacies =
        (!happy || leader.equals(Ballot.NONE))
            && replies.values().stream()
                .noneMatch(r -> r.happy() && !r.leader().equals(Ballot.NONE));
    if (candidacies && leader.equals(Ballot.NONE) && currentBallot.n() > 0) {
      leader = currentBallot;
    }
    for (HeartbeatReply r : replies.values()) {
      if (r.leader().greaterThan(leader)) {
        leader = r.leader();
      }
      if (candidacies && r.ballot().greaterThan(leader)) {
        leader = r.ballot();
      }
    }
  }

  /**
   * As the leader in its own view: whether enough peers follow no bigger ballot to form a quorum
   * with this node (a write quorum once it accepts, else a read quorum), or a peer follows a bigger
   * leader and is happy with it.
   */
  private boolean canLead(boolean acceptingLeader) {
    int followers = 0;
    boolean followsHappyBiggerLeader = false;
    for (HeartbeatReply r : replies.values()) {
      if (!r.leader().greaterThan(currentBallot)) {
        followers++;
      } else if (r.happy()) {
        followsHappyBiggerLeader = true;
      }
    }
    int quorum = acceptingLeader ? writeQuorum : readQuorum;
    return followers + 1 >= quorum || followsHappyBiggerLeader;
  }

  /** As a follower: whether this node hears its leader and the leader is happy. */
  private boolean hearsHappyLeader() {
    for (HeartbeatReply r : replies.values()) {
      if (r.ballot().equals(leader) && r.happy()) {
        return true;
      }
    }
    return false;
  }

  private void startRound() {
    hbRound++;
    for (long p : peers) {
      outgoing.add(new HeartbeatRequest(pid, p, configId, hbRound));
    }
  }

  /**
   * The link to {@code peer} just came up: ask it again for this round's heartbeat unless it
   * answered already. A request sent before the link was up was lost; without this a server that
   * starts (or restarts) before its links are up hears nobody until its next round.
   */
  public void linkUp(long peer) {
    if (peers.contains(peer) && !heardThisRound.contains(peer)) {
      outgoing.add(new HeartbeatRequest(pid, peer, configId, hbRound));
    }
  }

  /** Moves every queued message into {@code into}. */
  public void takeOutgoing(List<BleMessage> into) {
    into.addAll(outgoing);
    outgoing.clear();
  }

  /** The ballot of the leader this node follows (possibly its own). */
  public Ballot leader() {
    return leader;
  }

  /** This node's own ballot. */
  public Ballot currentBallot() {
    return currentBallot;
  }

  /**
   * Whether this node was happy with its leader at the end of the last round, judged from the
   * latest answers within the last election timeout.
   */
  public boolean isHappy() {
    return happy;
  }

  /**
   * The peers this node counted at the end of the last round, in pid order (empty before the first
   * round ends): those whose answers arrived within the last {@link
   * ServerConfig#heartbeatWindowRounds()} rounds (the election timeout), on which it judged its
   * happiness; who this node hears now. A peer stays in the list until it has been silent for the
   * election timeout, so the list does not flicker when one short round misses an answer.
   */
  public List<Long> heardLastRound() {
    return heardLastRound;
  }

  /**
   * How many heartbeat rounds have ended ({@link #hbTimeout} calls). Before the first, {@link
   * #isHappy} is only the initial assumption, not evidence.
   */
  public long completedRounds() {
    return hbRound - 1;
  }
}
