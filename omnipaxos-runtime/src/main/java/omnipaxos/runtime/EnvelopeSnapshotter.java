package omnipaxos.runtime;

import java.util.List;
import omnipaxos.core.Snapshotter;

/**
 * The user's {@link Snapshotter} seen through envelopes: snapshots are built and extended from the
 * plain entries.
 */
final class EnvelopeSnapshotter<T, S> implements Snapshotter<Envelope<T>, S> {

  private final Snapshotter<T, S> delegate;

  EnvelopeSnapshotter(Snapshotter<T, S> delegate) {
    this.delegate = delegate;
  }

  @Override
  public S create(List<Envelope<T>> entries) {
    return delegate.create(EnvelopeStorage.values(entries));
  }

  @Override
  public S extend(S base, List<Envelope<T>> entries) {
    return delegate.extend(base, EnvelopeStorage.values(entries));
  }

  @Override
  public boolean enabled() {
    return delegate.enabled();
  }
}
