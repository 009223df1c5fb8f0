package omnipaxos.kv.dashboard;

import java.util.ArrayDeque;
import java.util.List;

/** The last events of one server, oldest first, at most {@link #CAPACITY}. */
final class EventRing {

  static final int CAPACITY = 100;

  private final ArrayDeque<DashboardEvent> events = new ArrayDeque<>();

  synchronized void add(DashboardEvent e) {
    if (events.size() == CAPACITY) {
      events.removeFirst();
    }
    events.addLast(e);
  }

  synchronized List<DashboardEvent> snapshot() {
    return List.copyOf(events);
  }
}
