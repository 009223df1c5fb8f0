package omnipaxos.testkit;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Random-run seeds that exposed core bugs, replayed whole. A seed pins one run of this version of the
 * testkit (a change to the random runs gives it another run); the hand-written reproductions in
 * {@link CoreBugRegressionTest} do not depend on that.
 */
class SeedRegressionTest {

  private static void replay(long seed) {
    RandomRun.run(seed, RandomRun.Shape.ci());
  }

  @Test
  @Disabled("core bug: a duplicated ProposalForward is appended twice, so one proposal is decided twice "
      + "(/work/bugs/testkit-1.md)")
  void seed2DuplicatedForwardIsDecidedTwice() {
    replay(2);
  }

  @Test
  @Disabled("core bug: a stale AcceptSync adopted after a re-prepare truncates the log below the decided index "
      + "(/work/bugs/testkit-2.md)")
  void seed31StaleAcceptSyncLeavesDecidedAboveAccepted() {
    replay(31);
  }

  @Test
  @Disabled("core bug: after a stale AcceptSync the follower gets a sync computed for a log it no longer has "
      + "(/work/bugs/testkit-2.md)")
  void seed168AcceptSyncBeyondTheTruncatedLog() {
    replay(168);
  }

  @Test
  @Disabled("core bug: a stale AcceptSync drops a decided entry that a new leader then overwrites "
      + "(/work/bugs/testkit-2.md)")
  void seed12938StaleAcceptSyncBreaksAgreement() {
    replay(12938);
  }

  @Test
  @Disabled("core bug: a stale AcceptSync appends below the follower's compacted index (/work/bugs/testkit-2.md)")
  void seed3886StaleAcceptSyncBelowTheCompactedIndex() {
    replay(3886);
  }

  @Test
  @Disabled("core bug: a node with a durable promise above the cluster's ballot is stranded "
      + "(/work/bugs/testkit-3.md)")
  void seed1329StrandedNodeNeverJoinsTheNextConfiguration() {
    replay(1329);
  }

  @Test
  @Disabled("core bug: a lost Decide of the stop sign is never resent twice (/work/bugs/testkit-4.md)")
  void seed13622FollowerNeverLearnsTheDecidedStopSign() {
    replay(13622);
  }
}
