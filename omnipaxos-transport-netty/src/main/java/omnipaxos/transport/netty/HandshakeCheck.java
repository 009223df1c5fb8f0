package omnipaxos.transport.netty;

import io.netty.channel.Channel;
import java.util.Optional;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a peer's {@link Frame.Hello} is accepted, and counts and logs the refusals: at
 * WARN the first time for a claimed pid and reason, at DEBUG after, so a misconfigured peer that
 * redials every few seconds does not flood the log. The configuration id in a HELLO is never a
 * reason to refuse.
 */
final class HandshakeCheck {

  private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);

  /**
   * Distinct (claimed pid, reason) pairs whose refusal is logged at WARN; further ones at DEBUG.
   */
  private static final int REFUSAL_LOG_CAPACITY = 1024;

  /**
   * Why a handshake is refused: the kind, counted and logged once per claimed pid, and the details.
   */
  record Refusal(HandshakeRefusal reason, String detail) {}

  /** A refused peer's identity for logging: the pid it claimed and why it was refused. */
  private record RefusalKey(long claimedPid, HandshakeRefusal reason) {}

  private final long pid;
  private final String clusterId;
  private final LongFunction<PeerLink> peers;
  private final Counters counters;
  private final LogOnce<RefusalKey> refusalLog = new LogOnce<>(REFUSAL_LOG_CAPACITY);
  private volatile PeerAdmission admission = PeerAdmission.ALL;

  /**
   * A check for node {@code pid} of cluster {@code clusterId}.
   *
   * @param peers the current link of a pid, or null if it is not a peer
   */
  HandshakeCheck(long pid, String clusterId, LongFunction<PeerLink> peers, Counters counters) {
    this.pid = pid;
    this.clusterId = clusterId;
    this.peers = peers;
    this.counters = counters;
  }

  /**
   * Checks a peer's handshake; returns why it is refused, or empty.
   *
   * @param dialed the peer this side dialed, or null on an accepted connection
   */
  Optional<Refusal> check(Frame.Hello<?, ?> hello, PeerLink dialed) {
    long sender = hello.senderPid();
    if (!hello.clusterId().equals(clusterId)) {
      return refusal(
          HandshakeRefusal.OTHER_CLUSTER,
          "pid "
              + sender
              + " names cluster id '"
              + hello.clusterId()
              + "', expected '"
              + clusterId
              + "'");
    }
    if (hello.receiverPid() != pid) {
      return refusal(
          HandshakeRefusal.WRONG_RECEIVER,
          "peer " + sender + " expected pid " + hello.receiverPid() + ", this is " + pid);
    }
    if (dialed != null) {
      if (sender != dialed.pid) {
        return refusal(
            HandshakeRefusal.WRONG_SENDER,
            "dialed " + dialed.pid + " but pid " + sender + " answered");
      }
      return admitted(hello);
    }
    PeerLink link = peers.apply(sender);
    if (link == null) {
      return refusal(HandshakeRefusal.UNKNOWN_PEER, "unknown pid " + sender);
    }
    if (link.dialer) {
      return refusal(
          HandshakeRefusal.WRONG_DIRECTION,
          "pid " + sender + " dialed, but the lower pid " + pid + " dials it");
    }
    return admitted(hello);
  }

  private Optional<Refusal> admitted(Frame.Hello<?, ?> hello) {
    return admission.admit(hello.senderPid(), hello.incarnation())
        .map(why -> new Refusal(HandshakeRefusal.NEW_INCARNATION, why));
  }

  void admission(PeerAdmission admission) {
    this.admission = admission;
  }

  private static Optional<Refusal> refusal(HandshakeRefusal reason, String detail) {
    return Optional.of(new Refusal(reason, detail));
  }

  /**
   * Counts and logs a refused handshake of {@code ch}, whose peer claimed to be {@code claimedPid}.
   */
  void refused(long claimedPid, Refusal refusal, Channel ch) {
    counters.refused(refusal.reason());
    if (refusalLog.firstTime(new RefusalKey(claimedPid, refusal.reason()))) {
      LOG.warn(
          "node {}: refused connection {}: {} ({}; further refusals of pid {} for this reason are"
              + " logged at DEBUG)",
          pid,
          ch,
          refusal.detail(),
          refusal.reason(),
          claimedPid);
    } else {
      LOG.debug(
          "node {}: refused connection {}: {} ({})", pid, ch, refusal.detail(), refusal.reason());
    }
  }
}
