package omnipaxos.core.ble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * driven by {@link #hbTimeout} once per election timeout. Not thread-safe.
 */
public final class BallotLeaderElection {

  private final long pid;
  private final int configId;
  private final List<Long> peers;
  private final int readQuorum;
  private final int writeQuorum;

  private long hbRound;
  private final Map<Long, HeartbeatReply> replies = new LinkedHashMap<>();
  private Ballot currentBallot;
  private Ballot leader;
  private boolean happy = true;
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
    } else {
      this.currentBallot = initial;
      this.leader = initial;
    }
    startRound();
  }

  /** Handles a heartbeat message from a member of this configuration. */
  public void handle(BleMessage m) {
    if (m instanceof HeartbeatRequest req) {
      outgoing.add(new HeartbeatReply(pid, req.from(), req.round(), currentBallot, leader, happy));
      if (hbRound == 1 && !replies.containsKey(req.from())) {
        // A peer that asks has started; it may have missed this node's first request, sent before.
        outgoing.add(new HeartbeatRequest(pid, req.from(), configId, hbRound));
      }
    } else if (m instanceof HeartbeatReply rep) {
      if (rep.round() == hbRound && rep.ballot().configId() == configId) {
        replies.put(rep.from(), rep);
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
    // Follow the largest ballot heard: a replier's own, or one a replier follows. The latter
    // spreads a
    // ballot whose owner is gone or unreachable (e.g. a node restarted with a promise nobody else
    // saw),
    // so that the next takeover exceeds every promise in the cluster and no node is left behind.
    for (HeartbeatReply r : replies.values()) {
      if (r.ballot().greaterThan(leader)) {
        leader = r.ballot();
      }
      if (r.leader().greaterThan(leader)) {
        leader = r.leader();
      }
    }
    if (leader.equals(currentBallot)) {
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
      happy = followers + 1 >= quorum || followsHappyBiggerLeader;
    } else {
      happy = false;
      for (HeartbeatReply r : replies.values()) {
        if (r.ballot().equals(leader) && r.happy()) {
          happy = true;
          break;
        }
      }
    }
    if (!happy) {
      boolean allUnhappy = replies.values().stream().noneMatch(HeartbeatReply::happy);
      if (allUnhappy && replies.size() + 1 >= readQuorum) {
        currentBallot = currentBallot.withN(leader.n() + 1);
        leader = currentBallot;
        happy = true;
      }
    }
    heardLastRound = replies.keySet().stream().sorted().toList();
    startRound();
    if (paxosPromise.greaterThan(leader)) {
      leader = paxosPromise;
      if (paxosPromise.pid() == pid) {
        currentBallot = paxosPromise;
      }
      happy = true;
    }
    // Only a node that can gather a quorum of followers starts leading: a node that hears nobody
    // (e.g.
    // the first of a cluster to start) would only run a Prepare round that cannot succeed and that
    // forces
    // a second leader change once the others appear.
    return leader.equals(currentBallot) && happy ? Optional.of(currentBallot) : Optional.empty();
  }

  private void startRound() {
    replies.clear();
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
    if (peers.contains(peer) && !replies.containsKey(peer)) {
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

  /** Whether this node was happy with its leader at the end of the last round. */
  public boolean isHappy() {
    return happy;
  }

  /**
   * The peers that answered this node's heartbeat requests in the last round that ended, in pid
   * order (empty before the first round ends): who this node hears now.
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
