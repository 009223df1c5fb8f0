package omnipaxos.testkit;

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
  void seed2DuplicatedForwardIsDecidedTwice() {
    replay(2);
  }

  @Test
  void seed31StaleAcceptSyncLeavesDecidedAboveAccepted() {
    replay(31);
  }

  @Test
  void seed168AcceptSyncBeyondTheTruncatedLog() {
    replay(168);
  }

  @Test
  void seed12938StaleAcceptSyncBreaksAgreement() {
    replay(12938);
  }

  @Test
  void seed3886StaleAcceptSyncBelowTheCompactedIndex() {
    replay(3886);
  }

  @Test
  void seed1329StrandedNodeNeverJoinsTheNextConfiguration() {
    replay(1329);
  }

  @Test
  void seed13622FollowerNeverLearnsTheDecidedStopSign() {
    replay(13622);
  }

  @Test
  void seed33096StalePrepareReqDuringPrepare() {
    replay(33096);
  }

  /** Its history once exhausted the linearizability search; operations that never took effect are now left out. */
  @Test
  void seed66540LargeHistoryIsChecked() {
    replay(66540);
  }
}
