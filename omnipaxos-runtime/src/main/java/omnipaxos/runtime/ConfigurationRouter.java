package omnipaxos.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * An incoming channel of a node that runs a {@link ConfigurationChain}: hands each message to the
 * loop of its configuration. A message of a configuration no loop here runs is reported to the
 * chain (which may fetch that configuration's state) and given to the running configuration, which
 * drops and counts it. Any thread may send.
 *
 * @param <M> the message type
 */
final class ConfigurationRouter<T, S, M> implements ChannelSender<M> {

  private final ConfigurationChain<T, S> chain;
  private final long pid;
  private final ToIntFunction<M> configOf;
  private final ToLongFunction<M> senderOf;
  private final Function<NodeLoop<T, S>, MessageChannel<M>> channelOf;

  /**
   * Routes messages of node {@code pid} by {@code configOf} into the channel {@code channelOf}
   * picks of the configuration's loop; {@code senderOf} names the sender for the chain.
   */
  ConfigurationRouter(ConfigurationChain<T, S> chain, long pid, ToIntFunction<M> configOf,
      ToLongFunction<M> senderOf, Function<NodeLoop<T, S>, MessageChannel<M>> channelOf) {
    this.chain = chain;
    this.pid = pid;
    this.configOf = configOf;
    this.senderOf = senderOf;
    this.channelOf = channelOf;
  }

  private MessageChannel<M> target(M m) {
    int id = configOf.applyAsInt(m);
    ConfigurationChain.Instance<T, S> c = chain.current();
    if (c != null && c.id() == id) {
      return channelOf.apply(c.loop);
    }
    for (ConfigurationChain.Instance<T, S> i : chain.instances()) {
      if (i.id() == id) {
        return channelOf.apply(i.loop);
      }
    }
    chain.unknownConfiguration(id, senderOf.applyAsLong(m));
    // The running configuration drops it and counts it (another configuration's message).
    ConfigurationChain.Instance<T, S> any = c != null ? c : chain.latestRunning();
    return any == null ? null : channelOf.apply(any.loop);
  }

  @Override
  public void put(M message) throws InterruptedException {
    if (chain.isClosed()) {
      throw new ChannelClosedException("node " + pid + " is closed");
    }
    MessageChannel<M> t = target(message);
    if (t != null) {
      t.put(message);
    }
  }

  @Override
  public OfferResult offer(M message) {
    if (chain.isClosed()) {
      return OfferResult.CLOSED;
    }
    MessageChannel<M> t = target(message);
    return t == null ? OfferResult.ACCEPTED : t.offer(message);
  }

  @Override
  public OfferResult offer(M message, long timeout, TimeUnit unit) throws InterruptedException {
    if (chain.isClosed()) {
      return OfferResult.CLOSED;
    }
    MessageChannel<M> t = target(message);
    return t == null ? OfferResult.ACCEPTED : t.offer(message, timeout, unit);
  }

  @Override
  public CompletableFuture<Void> send(M message) {
    if (chain.isClosed()) {
      return CompletableFuture.failedFuture(
          new ChannelClosedException("node " + pid + " is closed"));
    }
    MessageChannel<M> t = target(message);
    return t == null ? CompletableFuture.completedFuture(null) : t.send(message);
  }

  @Override
  public boolean isClosed() {
    return chain.isClosed();
  }
}
