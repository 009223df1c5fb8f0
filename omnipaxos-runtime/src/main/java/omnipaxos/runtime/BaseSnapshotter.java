package omnipaxos.runtime;

import java.util.List;
import omnipaxos.core.Snapshotter;

/**
 * The application's {@link Snapshotter} for a configuration that starts from a carried-over state:
 * a snapshot of the configuration's own log prefix is that state extended by the prefix, so every
 * snapshot is of the whole application state.
 */
final class BaseSnapshotter<T, S> implements Snapshotter<T, S> {

  private final Snapshotter<T, S> delegate;
  private final S base;

  BaseSnapshotter(Snapshotter<T, S> delegate, S base) {
    this.delegate = delegate;
    this.base = base;
  }

  @Override
  public S create(List<T> entries) {
    return delegate.extend(base, entries);
  }

  @Override
  public S extend(S snapshot, List<T> entries) {
    return delegate.extend(snapshot, entries);
  }

  @Override
  public boolean enabled() {
    return delegate.enabled();
  }
}
