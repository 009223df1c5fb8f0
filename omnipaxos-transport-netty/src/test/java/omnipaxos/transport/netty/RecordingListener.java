package omnipaxos.transport.netty;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import omnipaxos.core.Message;

/** Records every message, reconnection and peer configuration a transport reports. */
final class RecordingListener<T, S> implements TransportListener<T, S> {

  /** One {@link #onPeerConfiguration} call. */
  record PeerConfiguration(long pid, int configurationId) {}

  final List<Message<T, S>> messages = new CopyOnWriteArrayList<>();
  final List<Long> reconnects = new CopyOnWriteArrayList<>();
  final List<PeerConfiguration> peerConfigurations = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(Message<T, S> message) {
    messages.add(message);
  }

  @Override
  public void onReconnected(long pid) {
    reconnects.add(pid);
  }

  @Override
  public void onPeerConfiguration(long pid, int configurationId) {
    peerConfigurations.add(new PeerConfiguration(pid, configurationId));
  }

  /** The messages received from {@code pid}, in arrival order. */
  List<Message<T, S>> from(long pid) {
    return messages.stream().filter(m -> m.from() == pid).toList();
  }
}
