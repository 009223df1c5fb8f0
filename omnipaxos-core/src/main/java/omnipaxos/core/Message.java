package omnipaxos.core;

import java.util.Objects;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.paxos.PaxosMessage;

/**
 * Any message between OmniPaxos nodes: a Sequence Paxos message, a leader-election message, or a
 * state-migration message.
 */
public sealed interface Message<T, S> {

  long from();

  long to();

  /** Wraps a Sequence Paxos message. */
  static <T, S> Message<T, S> of(PaxosMessage<T, S> message) {
    return new Paxos<>(message);
  }

  /** Wraps a leader-election message. */
  static <T, S> Message<T, S> of(BleMessage message) {
    return new Ble<>(message);
  }

  /** Wraps a state-migration message. */
  static <T, S> Message<T, S> of(MigrationMessage message) {
    return new Migration<>(message);
  }

  /** A Sequence Paxos message. */
  record Paxos<T, S>(PaxosMessage<T, S> message) implements Message<T, S> {
    public Paxos {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public long from() {
      return message.from();
    }

    @Override
    public long to() {
      return message.to();
    }
  }

  /** A Ballot Leader Election message. */
  record Ble<T, S>(BleMessage message) implements Message<T, S> {
    public Ble {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public long from() {
      return message.from();
    }

    @Override
    public long to() {
      return message.to();
    }
  }

  /** A state-migration message. */
  record Migration<T, S>(MigrationMessage message) implements Message<T, S> {
    public Migration {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public long from() {
      return message.from();
    }

    @Override
    public long to() {
      return message.to();
    }
  }
}
