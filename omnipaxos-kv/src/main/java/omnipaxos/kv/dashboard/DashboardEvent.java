package omnipaxos.kv.dashboard;

/**
 * Something the dashboard lists as it happens on one server.
 *
 * @param atMillis when this server noticed it (wall clock, for display only)
 * @param kind {@code leader}, {@code quorum}, {@code configuration}, {@code snapshot}, {@code peer}
 *     or {@code refused}
 * @param text what happened, for a person
 */
public record DashboardEvent(long atMillis, String kind, String text) {

  String json() {
    return "{\"at\":" + atMillis + ",\"kind\":" + Json.quote(kind) + ",\"text\":" + Json.quote(text)
        + "}";
  }
}
