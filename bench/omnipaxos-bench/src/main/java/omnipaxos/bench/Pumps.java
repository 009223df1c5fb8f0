package omnipaxos.bench;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import omnipaxos.runtime.ChannelClosedException;
import omnipaxos.runtime.ChannelReceiver;

/**
 * How the benchmark moves what a node puts into its outgoing channels to where it must go. Chosen with
 * the system property {@code omnipaxos.bench.pump}.
 */
enum Pumps {
  /**
   * No threads: a pending {@link ChannelReceiver#receive()} is completed by the node's event loop as it
   * queues a message, and the continuation hands the message on right there.
   */
  CALLBACK,
  /** One thread per outgoing channel that takes messages and hands them on, as the key-value server does. */
  THREADS;

  /** The pumping named by {@code omnipaxos.bench.pump} ({@code callback} by default). */
  static Pumps configured() {
    return valueOf(System.getProperty("omnipaxos.bench.pump", "callback").toUpperCase(Locale.ROOT));
  }

  /**
   * Starts handing every message of {@code outgoing} to {@code deliver}, until the channel closes;
   * returns the pump's thread, or null for {@link #CALLBACK}.
   */
  <M> Thread start(String name, ChannelReceiver<M> outgoing, Consumer<M> deliver) {
    if (this == CALLBACK) {
      forward(outgoing, deliver);
      return null;
    }
    Thread t = new Thread(() -> {
      try {
        while (true) {
          deliver.accept(outgoing.take());
        }
      } catch (ChannelClosedException | InterruptedException e) {
        // The node closed: nothing more to move.
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static <M> void forward(ChannelReceiver<M> outgoing, Consumer<M> deliver) {
    while (true) {
      CompletableFuture<M> next = outgoing.receive();
      if (!next.isDone()) {
        next.whenComplete((m, e) -> {
          if (e == null) {
            deliver.accept(m);
            forward(outgoing, deliver);
          }
        });
        return;
      }
      if (next.isCompletedExceptionally()) {
        return;
      }
      deliver.accept(next.join());
    }
  }
}
