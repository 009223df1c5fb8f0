package omnipaxos.bench.harness;

import java.util.Locale;

/** The two environments every system is measured in, matched as closely as each library allows. */
public enum Setting {
  /** In memory without fsync; an in-JVM transport where the library allows one, loopback TCP otherwise. */
  MEMORY("memory"),
  /** Loopback TCP and storage that makes entries durable (fsync) before they count as accepted. */
  DURABLE("durable");

  private final String label;

  Setting(String label) {
    this.label = label;
  }

  /** The name used on the command line and in result files. */
  public String label() {
    return label;
  }

  /** The setting named {@code label}. */
  public static Setting parse(String label) {
    for (Setting s : values()) {
      if (s.label.equals(label.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown setting '" + label + "' (memory or durable)");
  }
}
