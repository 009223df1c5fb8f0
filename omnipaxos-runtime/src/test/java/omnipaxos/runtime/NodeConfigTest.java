package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import omnipaxos.core.FlexibleQuorum;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ServerConfig;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

  @Test
  void defaultsMapMillisecondsToTicks() {
    NodeConfig c = NodeConfig.builder().pid(2).peers(List.of(3L, 1L)).build();
    c.validate();
    OmniPaxosConfig core = c.toOmniPaxosConfig();
    assertThat(core.cluster().nodes()).containsExactly(1L, 2L, 3L);
    assertThat(core.cluster().configurationId()).isEqualTo(1);
    assertThat(core.server().pid()).isEqualTo(2);
    assertThat(core.server().electionTickTimeout()).isEqualTo(50);
    assertThat(core.server().resendMessageTickTimeout()).isEqualTo(20);
    assertThat(core.server().flushBatchTickTimeout()).isEqualTo(10);
    assertThat(core.server().batchSize()).isEqualTo(ServerConfig.DEFAULT_BATCH_SIZE);
    assertThat(core.server().bufferSize()).isEqualTo(ServerConfig.DEFAULT_BUFFER_SIZE);
    assertThat(c.channelCapacity()).isEqualTo(NodeConfig.DEFAULT_CHANNEL_CAPACITY);
  }

  @Test
  void timeoutsRoundUpToWholeTicksAndSettingsCarryOver() {
    NodeConfig c = NodeConfig.builder().pid(1).peers(List.of(2L, 3L, 4L, 5L)).tickPeriodMs(20)
        .electionTimeoutMs(105).resendTimeoutMs(20).batchSize(8).bufferSize(50)
        .leaderPriority(7).flexibleQuorum(4, 2).configurationId(3).build();
    c.validate();
    OmniPaxosConfig core = c.toOmniPaxosConfig();
    assertThat(core.server().electionTickTimeout()).isEqualTo(6);
    assertThat(core.server().resendMessageTickTimeout()).isEqualTo(1);
    assertThat(core.server().batchSize()).isEqualTo(8);
    assertThat(core.server().bufferSize()).isEqualTo(50);
    assertThat(core.server().leaderPriority()).isEqualTo(7);
    assertThat(core.cluster().flexibleQuorum()).hasValue(new FlexibleQuorum(4, 2));
    assertThat(core.cluster().configurationId()).isEqualTo(3);
    assertThat(c.toBuilder().majorityQuorums().build().flexibleQuorum()).isEmpty();
  }

  @Test
  void toBuilderLeavesTheOriginalAsItWas() {
    NodeConfig c = NodeConfig.builder().pid(1).peers(List.of(2L)).build();
    NodeConfig changed = c.toBuilder().pid(5).electionTimeoutMs(900).build();
    assertThat(c.pid()).isEqualTo(1);
    assertThat(c.electionTimeoutMs()).isEqualTo(NodeConfig.DEFAULT_ELECTION_TIMEOUT_MS);
    assertThat(changed.pid()).isEqualTo(5);
    assertThat(changed.peers()).containsExactly(2L);
    assertThat(changed.electionTimeoutMs()).isEqualTo(900);
  }

  @Test
  @SuppressWarnings("removal")
  void theDeprecatedSettersReturnAChangedCopy() {
    NodeConfig c = new NodeConfig().setPid(1).setPeers(List.of(2L)).setFlexibleQuorum(2, 1);
    NodeConfig changed = c.setElectionTimeoutMs(900).clearFlexibleQuorum();
    assertThat(c.getPid()).isEqualTo(1);
    assertThat(c.getElectionTimeoutMs()).isEqualTo(NodeConfig.DEFAULT_ELECTION_TIMEOUT_MS);
    assertThat(c.getFlexibleQuorum()).hasValue(new FlexibleQuorum(2, 1));
    assertThat(changed.electionTimeoutMs()).isEqualTo(900);
    assertThat(changed.flexibleQuorum()).isEmpty();
    assertThat(c.copy()).isSameAs(c);
    assertThat(changed).isEqualTo(NodeConfig.builder().pid(1).peers(List.of(2L))
        .electionTimeoutMs(900).build());
  }

  @Test
  void buildNamesTheBrokenRule() {
    assertBroken(NodeConfig.builder().peers(List.of(2L)), "pid must be positive");
    assertBroken(b().peers(List.of(2L, 2L)), "twice");
    assertBroken(b().peers(List.of(-2L)), "positive");
    assertBroken(b().peers(List.of(1L, 2L)), "own pid");
    assertBroken(b().configurationId(0), "configuration id");
    assertBroken(b().tickPeriodMs(0), "tickPeriodMs");
    assertBroken(b().electionTimeoutMs(5), "electionTimeoutMs");
    assertBroken(b().appendTimeoutMs(0), "appendTimeoutMs");
    assertBroken(b().channelCapacity(0), "channelCapacity");
    assertBroken(b().leaseMs(-1), "leaseMs must not be negative");
  }

  @Test
  void validateAlsoNeedsPeersAndTheCoreRules() {
    assertThat(NodeConfig.builder().pid(1).build().peers()).isEmpty();
    assertThatThrownBy(() -> NodeConfig.builder().pid(1).build().validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("no peers");
    assertThatThrownBy(() -> b().batchSize(0).build().validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> b().peers(List.of(2L, 3L)).flexibleQuorum(3, 1).build().validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("write quorum");
  }

  private static NodeConfig.Builder b() {
    return NodeConfig.builder().pid(1).peers(List.of(2L));
  }

  private static void assertBroken(NodeConfig.Builder b, String message) {
    assertThatThrownBy(b::build)
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining(message);
  }
}
