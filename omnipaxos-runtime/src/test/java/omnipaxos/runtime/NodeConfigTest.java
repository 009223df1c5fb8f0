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
    NodeConfig c = new NodeConfig().setPid(2).setPeers(List.of(3L, 1L));
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
    assertThat(c.getChannelCapacity()).isEqualTo(NodeConfig.DEFAULT_CHANNEL_CAPACITY);
  }

  @Test
  void timeoutsRoundUpToWholeTicksAndSettingsCarryOver() {
    NodeConfig c = new NodeConfig().setPid(1).setPeers(List.of(2L, 3L, 4L, 5L)).setTickPeriodMs(20)
        .setElectionTimeoutMs(105).setResendTimeoutMs(20).setBatchSize(8).setBufferSize(50)
        .setLeaderPriority(7).setFlexibleQuorum(4, 2).setConfigurationId(3);
    c.validate();
    OmniPaxosConfig core = c.toOmniPaxosConfig();
    assertThat(core.server().electionTickTimeout()).isEqualTo(6);
    assertThat(core.server().resendMessageTickTimeout()).isEqualTo(1);
    assertThat(core.server().batchSize()).isEqualTo(8);
    assertThat(core.server().bufferSize()).isEqualTo(50);
    assertThat(core.server().leaderPriority()).isEqualTo(7);
    assertThat(core.cluster().flexibleQuorum()).hasValue(new FlexibleQuorum(4, 2));
    assertThat(core.cluster().configurationId()).isEqualTo(3);
  }

  @Test
  void aCopyIsIndependent() {
    NodeConfig c = new NodeConfig().setPid(1).setPeers(List.of(2L));
    NodeConfig copy = c.copy();
    c.setPid(5).setElectionTimeoutMs(900);
    assertThat(copy.getPid()).isEqualTo(1);
    assertThat(copy.getElectionTimeoutMs()).isEqualTo(NodeConfig.DEFAULT_ELECTION_TIMEOUT_MS);
  }

  @Test
  void validateNamesTheBrokenRule() {
    assertThatThrownBy(() -> new NodeConfig().setPeers(List.of(2L)).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("pid must be positive");
    assertThatThrownBy(() -> new NodeConfig().setPid(1).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("no peers");
    assertThatThrownBy(() -> new NodeConfig().setPid(1).setPeers(List.of(2L, 2L)).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> new NodeConfig().setPid(1).setPeers(List.of(-2L)).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> new NodeConfig().setPid(1).setPeers(List.of(2L)).setConfigurationId(0).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("configuration id");
    assertThatThrownBy(() -> new NodeConfig().setPid(1).setPeers(List.of(2L)).setTickPeriodMs(0).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("tickPeriodMs");
    assertThatThrownBy(() -> new NodeConfig().setPid(1).setPeers(List.of(2L)).setElectionTimeoutMs(5).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("electionTimeoutMs");
    assertThatThrownBy(() -> new NodeConfig().setPid(1).setPeers(List.of(2L)).setAppendTimeoutMs(0).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("appendTimeoutMs");
    assertThatThrownBy(() -> new NodeConfig().setPid(1).setPeers(List.of(2L)).setChannelCapacity(0).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("channelCapacity");
    assertThatThrownBy(() -> new NodeConfig().setPid(1).setPeers(List.of(2L)).setBatchSize(0).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> new NodeConfig().setPid(1).setPeers(List.of(2L, 3L)).setFlexibleQuorum(3, 1).validate())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("write quorum");
  }
}
