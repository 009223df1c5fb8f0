package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import org.junit.jupiter.api.Test;

/**
 * A new configuration has a leader a few round trips after its stop sign is decided, not an election
 * timeout later: the leader that decided the stop sign starts the next configuration's election ahead
 * (designated), its continuing peers follow it as soon as they hear it, and a server new to the
 * configuration joins as a follower without taking over. In logical time of the deterministic
 * simulator, on several seeds.
 */
class NextConfigurationLeaderTest {

  private static final int SEEDS = 10;

  @Test
  void theLeaderThatDecidedTheStopSignLeadsTheNextConfigurationAtOnce() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Simulator<Long, List<Long>> s = Simulator.of(SimOptions.builder(seed).nodes(3).build());
      long et = s.electionTimeoutMs();
      long leader = s.awaitStableProgress(20 * et, 2 * et).leader();
      for (int i = 0; i < 20; i++) {
        s.propose(leader);
        s.run(2);
      }
      long replaced = leader == 3 ? 2 : 3;
      List<Long> continuing = new ArrayList<>(List.of(1L, 2L, 3L));
      continuing.remove(replaced);
      List<Long> members = new ArrayList<>(continuing);
      members.add(4L);
      assertThat(s.reconfigure(leader, ClusterConfig.of(2, members))).isTrue();
      assertThat(s.runUntil(() -> s.node(leader, 2).isPresent(), 2 * et)).isTrue();
      long started = s.now();
      assertThat(s.runUntil(() -> s.agreedLeader(continuing, 2).isPresent(), et))
          .as("seed %d: configuration 2 has a leader within one election timeout", seed).isTrue();
      long elected = s.now() - started;
      assertThat(elected).as("seed %d: ms from the start of configuration 2 to its leader", seed)
          .isLessThan(et / 2);
      assertThat(s.agreedLeader(continuing, 2)).isEqualTo(OptionalLong.of(leader));
      Ballot first = s.node(leader, 2).orElseThrow().promise();

      assertThat(s.runUntil(() -> s.node(4, 2).isPresent(), 30 * et)).as("seed %d: 4 joined", seed).isTrue();
      s.run(3 * et);
      assertThat(s.agreedLeader(members, 2)).as("seed %d: everyone follows the first leader", seed)
          .isEqualTo(OptionalLong.of(leader));
      assertThat(s.node(leader, 2).orElseThrow().promise())
          .as("seed %d: the joiner did not take over", seed).isEqualTo(first);
    }
  }
}
