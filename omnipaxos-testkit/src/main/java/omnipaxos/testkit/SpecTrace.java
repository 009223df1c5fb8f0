package omnipaxos.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulation's Sequence Paxos events in the first configuration, written for trace validation
 * against the TLA+ specification ({@code spec/Trace.tla}). Recorded when {@link
 * SimOptions.Builder#specTrace} is on.
 *
 * <p>Format: one TLA+ record per line, one line per event of one node, in the order the events
 * happened: {@code [node |-> p, action |-> "A", <arguments>, sent |-> {messages}, full |-> TRUE,
 * state |-> [...]]}. The actions and their arguments are the spec's: {@code "Receive"} ({@code
 * msg}: the message record), {@code "BecomeLeader"} ({@code r}: the round BLE handed the node),
 * {@code "Propose"} ({@code v}), {@code "Reconfigure"} ({@code ss}), {@code "Trim"}, {@code
 * "Snapshot"}, {@code "Reconnected"} ({@code p}), {@code "ResendTimeout"} and {@code "Restart"}.
 * {@code sent} holds the Sequence Paxos messages the node sent when it drained after the event;
 * {@code state} is its durable state and role and phase after it. A tick that both hands a ballot
 * and fires the resend timeout is two lines; the first has {@code full |-> FALSE}: its state is not
 * observable on its own, and {@code sent} is the tick's.
 */
public final class SpecTrace {

  private final List<String> lines = new ArrayList<>();

  void add(String line) {
    lines.add(line);
  }

  /** The recorded lines, oldest first. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Writes the lines to {@code file}, one per line. */
  public void write(Path file) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
