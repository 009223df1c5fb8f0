package omnipaxos.core.paxos;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import omnipaxos.core.StopSign;

/**
 * Instructions that make the receiver's log equal to the sender's: keep the receiver's own prefix
 * {@code [0, syncIdx)} (or replace it by {@code snapshot}, which covers exactly {@code [0,
 * syncIdx)}), then the {@code suffix} entries, then {@code stopSign} if present (removing any stop
 * sign the receiver stored).
 */
public record LogSync<T, S>(
    Optional<S> snapshot, List<T> suffix, long syncIdx, Optional<StopSign> stopSign) {

  public LogSync {
    Objects.requireNonNull(snapshot, "snapshot");
    suffix = List.copyOf(suffix);
    Objects.requireNonNull(stopSign, "stopSign");
    if (syncIdx < 0) {
      throw new IllegalArgumentException("negative sync index " + syncIdx);
    }
  }

  /** The length of the receiver's accepted log once it applied this sync. */
  public long acceptedIdx() {
    return syncIdx + suffix.size() + (stopSign.isPresent() ? 1 : 0);
  }
}
