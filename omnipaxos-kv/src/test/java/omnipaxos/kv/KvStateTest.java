package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.codec.Codec;
import org.junit.jupiter.api.Test;

class KvStateTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void commandsApplyWithRedisSemantics() {
    KvState s = new KvState();
    assertThat(s.apply(new KvCommand.Get("a"))).isEqualTo(new KvResult.Value(Optional.empty()));
    assertThat(s.apply(new KvCommand.Put("a", b("1")))).isEqualTo(new KvResult.Ok());
    assertThat(s.apply(new KvCommand.Increment("a", 4))).isEqualTo(new KvResult.Integer(5));
    assertThat(s.apply(new KvCommand.Get("a"))).isEqualTo(new KvResult.Value(Optional.of(b("5"))));
    assertThat(s.apply(new KvCommand.CompareAndSet("a", Optional.of(b("4")), b("x")))).isEqualTo(new KvResult.Integer(0));
    assertThat(s.apply(new KvCommand.CompareAndSet("a", Optional.of(b("5")), b("x")))).isEqualTo(new KvResult.Integer(1));
    assertThat(s.apply(new KvCommand.Increment("a", 1))).isInstanceOf(KvResult.Error.class);
    assertThat(s.apply(new KvCommand.CompareAndSet("b", Optional.empty(), b("new")))).isEqualTo(new KvResult.Integer(1));
    assertThat(s.apply(new KvCommand.Exists(List.of("a", "b", "c")))).isEqualTo(new KvResult.Integer(2));
    assertThat(s.apply(new KvCommand.Delete(List.of("a", "c")))).isEqualTo(new KvResult.Integer(1));
    assertThat(s.apply(new KvCommand.Put("n", b(Long.toString(Long.MAX_VALUE))))).isEqualTo(new KvResult.Ok());
    assertThat(s.apply(new KvCommand.Increment("n", 1))).isInstanceOf(KvResult.Error.class);
  }

  @Test
  void snapshotsOfStateDependentCommandsCompose() {
    Snapshotter<KvCommand, KvSnapshot> snap = KvSnapshot.snapshotter();
    Random r = new Random(7);
    List<KvCommand> log = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String k = "k" + r.nextInt(5);
      switch (r.nextInt(4)) {
        case 0 -> log.add(new KvCommand.Put(k, b(Integer.toString(r.nextInt(10)))));
        case 1 -> log.add(new KvCommand.Increment(k, r.nextInt(3)));
        case 2 -> log.add(new KvCommand.Delete(List.of(k)));
        default -> log.add(new KvCommand.CompareAndSet(k, Optional.of(b(Integer.toString(r.nextInt(10)))), b("c")));
      }
    }
    KvSnapshot whole = snap.create(log);
    for (int cut = 0; cut <= log.size(); cut += 37) {
      KvSnapshot split = snap.extend(snap.create(log.subList(0, cut)), log.subList(cut, log.size()));
      assertThat(split).isEqualTo(whole);
    }
  }

  @Test
  void codecsRoundTrip() {
    Codec<KvCommand> c = KvCodecs.commands();
    List<KvCommand> all = List.of(new KvCommand.Put("k\u00ff", b("v")), new KvCommand.Delete(List.of("a", "b")),
        new KvCommand.Increment("n", -3), new KvCommand.CompareAndSet("k", Optional.empty(), b("x")),
        new KvCommand.CompareAndSet("k", Optional.of(b("y")), b("x")), new KvCommand.Get("g"),
        new KvCommand.Exists(List.of("e")));
    for (KvCommand cmd : all) {
      assertThat(c.decode(c.encode(cmd))).isEqualTo(cmd);
    }
    KvState s = new KvState();
    s.apply(new KvCommand.Put("a", b("1")));
    s.apply(new KvCommand.Put("b", new byte[] {0, -1, 2}));
    assertThat(KvCodecs.snapshots().decode(KvCodecs.snapshots().encode(s.snapshot()))).isEqualTo(s.snapshot());
  }
}
