package omnipaxos.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders the CSV that JMH writes with {@code -rf csv} as a Markdown table. */
public final class JmhTable {

  private JmhTable() {}

  /** The table of {@code csv}'s lines (JMH's header first). */
  public static String markdown(List<String> csv) {
    if (csv.isEmpty()) {
      return "";
    }
    List<String> header = fields(csv.get(0));
    int bench = header.indexOf("Benchmark");
    int score = header.indexOf("Score");
    int error = header.indexOf("Score Error (99.9%)");
    int unit = header.indexOf("Unit");
    List<Integer> params = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).startsWith("Param: ")) {
        params.add(i);
      }
    }
    StringBuilder b = new StringBuilder("#### JMH microbenchmarks of the core (one fork, short runs)\n\n| benchmark |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int p : params) {
      b.append(' ').append(header.get(p).substring("Param: ".length())).append(" |");
      rule.append("---:|");
    }
    b.append(" score | ± | unit |\n").append(rule).append("---:|---:|---|\n");
    for (String line : csv.subList(1, csv.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> f = fields(line);
      String name = f.get(bench);
      b.append("| ").append(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1)).append(" |");
      for (int p : params) {
        b.append(' ').append(p < f.size() ? f.get(p) : "").append(" |");
      }
      b.append(' ').append(number(f.get(score))).append(" | ").append(number(f.get(error))).append(" | ")
          .append(f.get(unit)).append(" |\n");
    }
    return b.toString();
  }

  private static String number(String s) {
    try {
      return String.format(Locale.ROOT, "%,.0f", Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return s;
    }
  }

  /** The comma-separated fields of {@code line}, with JMH's double quotes removed. */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
