package omnipaxos.bench.service;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.GetOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * jetcd on etcd's v3 API, one client (gRPC multiplexes the slots over HTTP/2) on every member: a
 * write is a Put, a read a Get with {@code serializable=false}, which etcd answers linearizably.
 */
final class EtcdClient implements ServiceClient {

  private static final GetOption LINEARIZABLE = GetOption.builder().withSerializable(false).build();

  private final Client client;
  private final KV kv;

  EtcdClient(List<String> endpoints) {
    this.client = Client.builder()
        .endpoints(endpoints.stream().map(e -> "http://" + e).toArray(String[]::new)).build();
    this.kv = client.getKVClient();
  }

  @Override
  public CompletableFuture<?> write(int slot, byte[] key, byte[] value) {
    return kv.put(ByteSequence.from(key), ByteSequence.from(value));
  }

  @Override
  public CompletableFuture<?> read(int slot, byte[] key) {
    return kv.get(ByteSequence.from(key), LINEARIZABLE);
  }

  @Override
  public boolean linearizableReads() {
    return true;
  }

  @Override
  public void close() {
    client.close();
  }
}
