package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

  private static OmniPaxosConfig config(ClusterConfig cluster, long pid) {
    return new OmniPaxosConfig(cluster, ServerConfig.builder().pid(pid).build());
  }

  private static void rejects(OmniPaxosConfig c, String messagePart) {
    assertThatThrownBy(() -> c.build(new MemoryStorage<String, Void>()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(messagePart);
  }

  @Test
  void ownPidMustBeAMember() {
    rejects(config(ClusterConfig.of(1, List.of(1L, 2L, 3L)), 4), "own pid 4 is not among");
  }

  @Test
  void moreThanOneNode() {
    rejects(config(ClusterConfig.of(1, List.of(1L)), 1), "more than one node");
  }

  @Test
  void pidsPositiveAndUnique() {
    rejects(config(ClusterConfig.of(1, List.of(0L, 1L, 2L)), 1), "pids must be positive");
    rejects(config(ClusterConfig.of(1, List.of(-3L, 1L)), 1), "pids must be positive");
    rejects(config(ClusterConfig.of(1, List.of(1L, 2L, 2L)), 1), "appears twice");
  }

  @Test
  void configurationIdNonZero() {
    rejects(config(ClusterConfig.of(0, List.of(1L, 2L)), 1), "configuration id must be non-zero");
  }

  @Test
  void quorumsMustOverlap() {
    List<Long> five = List.of(1L, 2L, 3L, 4L, 5L);
    rejects(config(ClusterConfig.flexible(1, five, 3, 2), 1), "do not overlap");
    rejects(config(ClusterConfig.flexible(1, five, 6, 3), 1), "read quorum 6 must be in [2, 5]");
    rejects(config(ClusterConfig.flexible(1, five, 4, 1), 1), "write quorum 1 must be in [2, 5]");
    rejects(config(ClusterConfig.flexible(1, five, 2, 4), 1), "must be at least the write quorum");
    assertThatCode(() -> config(ClusterConfig.flexible(1, five, 4, 2), 1).validate()).doesNotThrowAnyException();
  }

  @Test
  void timeoutsAndSizesPositive() {
    ClusterConfig cluster = ClusterConfig.of(1, List.of(1L, 2L, 3L));
    ServerConfig base = ServerConfig.builder().pid(1).build();
    rejectsServer(cluster, base.toBuilder().electionTickTimeout(0).build(), "electionTickTimeout must be positive");
    rejectsServer(cluster, base.toBuilder().resendMessageTickTimeout(-1).build(), "resendMessageTickTimeout");
    rejectsServer(cluster, base.toBuilder().flushBatchTickTimeout(0).build(), "flushBatchTickTimeout");
    rejectsServer(cluster, base.toBuilder().batchSize(0).build(), "batchSize");
    rejectsServer(cluster, base.toBuilder().bufferSize(0).build(), "bufferSize");
    rejectsServer(cluster, base.toBuilder().leaderPriority(-1).build(), "leaderPriority");
    rejectsServer(cluster, base.toBuilder().pid(0).build(), "pid must be positive");
  }

  private static void rejectsServer(ClusterConfig cluster, ServerConfig server, String messagePart) {
    rejects(new OmniPaxosConfig(cluster, server), messagePart);
  }

  @Test
  void nonContiguousPidsAreFine() {
    assertThatCode(() -> config(ClusterConfig.of(1, List.of(6L, 7L, 8L)), 7).build(new MemoryStorage<String, Void>()))
        .doesNotThrowAnyException();
  }

  @Test
  void reconfigurationMustBeValidAndMoveForward() {
    OmniPaxos<String, Void> node = config(ClusterConfig.of(3, List.of(1L, 2L, 3L)), 1).build(new MemoryStorage<>());
    assertThatThrownBy(() -> node.reconfigure(ClusterConfig.of(3, List.of(1L, 2L, 4L)), Optional.empty()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("must be larger than the current 3");
    assertThatThrownBy(() -> node.reconfigure(ClusterConfig.of(4, List.of(1L, 1L)), Optional.empty()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("appears twice");
  }
}
