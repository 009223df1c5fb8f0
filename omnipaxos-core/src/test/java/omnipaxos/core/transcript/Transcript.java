package omnipaxos.core.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * A transcript file: stanzas of a command line, a {@code ----} line and the expected output, which
 * ends at the next blank line. Lines before a command (comments starting with {@code #} and blank
 * lines) belong to the stanza they precede and are kept as they are when the file is rewritten.
 */
final class Transcript {

  static final String SEPARATOR = "----";

  /**
   * One command and its expected output.
   *
   * @param preamble the comment and blank lines before the command
   * @param line the command's line number, from 1
   * @param command the command line
   * @param expected the expected output lines
   */
  record Stanza(List<String> preamble, int line, String command, List<String> expected) {}

  private final List<Stanza> stanzas;
  private final List<String> trailer;

  private Transcript(List<Stanza> stanzas, List<String> trailer) {
    this.stanzas = stanzas;
    this.trailer = trailer;
  }

  static Transcript parse(String name, List<String> lines) {
    List<Stanza> stanzas = new ArrayList<>();
    List<String> preamble = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String l = lines.get(i);
      if (l.isBlank() || l.startsWith("#")) {
        preamble.add(l);
        i++;
        continue;
      }
      if (i + 1 >= lines.size() || !lines.get(i + 1).equals(SEPARATOR)) {
        throw new IllegalArgumentException(
            name + ":" + (i + 1) + ": a command must be followed by a " + SEPARATOR + " line");
      }
      int commandLine = i + 1;
      List<String> expected = new ArrayList<>();
      i += 2;
      while (i < lines.size() && !lines.get(i).isBlank()) {
        expected.add(lines.get(i));
        i++;
      }
      i++;
      stanzas.add(new Stanza(List.copyOf(preamble), commandLine, l, List.copyOf(expected)));
      preamble.clear();
    }
    return new Transcript(stanzas, List.copyOf(preamble));
  }

  List<Stanza> stanzas() {
    return stanzas;
  }

  /** The file with every stanza's expected output replaced by {@code outputs}, in order. */
  String format(List<List<String>> outputs) {
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < stanzas.size(); s++) {
      Stanza st = stanzas.get(s);
      st.preamble().forEach(l -> b.append(l).append('\n'));
      b.append(st.command()).append('\n').append(SEPARATOR).append('\n');
      outputs.get(s).forEach(l -> b.append(l).append('\n'));
      b.append('\n');
    }
    trailer.forEach(l -> b.append(l).append('\n'));
    String text = b.toString();
    while (text.endsWith("\n\n")) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }
}
