package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import omnipaxos.core.InvalidConfigException;
import org.junit.jupiter.api.Test;

class KvServerConfigTest {

  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 6379);
  private static final Map<Long, InetSocketAddress> NODES =
      Map.of(1L, new InetSocketAddress("127.0.0.1", 7001));

  @Test
  void theBuilderStartsFromTheDefaults() {
    KvServerConfig c = KvServerConfig.builder().pid(1).nodes(NODES).clientAddress(CLIENT).build();
    assertThat(c.httpAddress()).isEmpty();
    assertThat(c.dataDir()).isEmpty();
    assertThat(c.tls()).isEmpty();
    assertThat(c.electionTimeoutMs()).isEqualTo(KvServerConfig.DEFAULT_ELECTION_TIMEOUT_MS);
    assertThat(c.snapshotEvery()).isEqualTo(KvServerConfig.DEFAULT_SNAPSHOT_EVERY);
    assertThat(c.faultInjection()).isFalse();
    assertThat(c.readMode()).isEqualTo(ReadMode.LOG);
    assertThat(c.requestTimeoutMs()).isEqualTo(KvServerConfig.DEFAULT_REQUEST_TIMEOUT_MS);
    assertThat(c.start()).isEqualTo(
        KvServerConfig.Start.bootstrap(KvServerConfig.DEFAULT_CLUSTER_NAME));
    assertThat(c.requirePass()).isEmpty();
    assertThat(c.advertise()).isEqualTo(KvServerConfig.Advertise.LISTENED);
  }

  @Test
  @SuppressWarnings("removal")
  void theDeprecatedConstructorsMeanWhatTheBuilderSays() {
    Path dir = Path.of("data");
    KvServerConfig old = new KvServerConfig(1, NODES, CLIENT, Optional.empty(), Optional.of(dir),
        Optional.empty(), 300, 200, true).withRequirePass("secret");
    KvServerConfig built = KvServerConfig.builder().pid(1).nodes(NODES).clientAddress(CLIENT)
        .dataDir(dir).electionTimeoutMs(300).snapshotEvery(200).faultInjection(true)
        .requirePass("secret").build();
    assertThat(old).isEqualTo(built);
    assertThat(built.toBuilder().readMode(ReadMode.LEASE).build().leaseMs())
        .isEqualTo(300 * KvServerConfig.LEASE_PERCENT_OF_ELECTION_TIMEOUT / 100);
  }

  @Test
  void buildKeepsTheRecordsRules() {
    assertThatThrownBy(() -> KvServerConfig.builder().pid(2).nodes(NODES).clientAddress(CLIENT)
        .build()).isInstanceOf(InvalidConfigException.class).hasMessageContaining("own pid 2");
    assertThatThrownBy(() -> KvServerConfig.builder().pid(1).nodes(NODES).clientAddress(CLIENT)
        .snapshotEvery(0).build()).isInstanceOf(InvalidConfigException.class);
  }
}
