package omnipaxos.transport.netty;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import omnipaxos.core.Message;

/** Records every message and reconnection a transport reports. */
final class RecordingListener<T, S> implements TransportListener<T, S> {

  final List<Message<T, S>> messages = new CopyOnWriteArrayList<>();
  final List<Long> reconnects = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(Message<T, S> message) {
    messages.add(message);
  }

  @Override
  public void onReconnected(long pid) {
    reconnects.add(pid);
  }

  /** The messages received from {@code pid}, in arrival order. */
  List<Message<T, S>> from(long pid) {
    return messages.stream().filter(m -> m.from() == pid).toList();
  }
}
