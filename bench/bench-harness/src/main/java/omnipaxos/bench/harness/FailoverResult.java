package omnipaxos.bench.harness;

import java.util.Locale;

/**
 * One leader kill, as a line of the failover CSV.
 *
 * @param system the system's name
 * @param setting the setting's label
 * @param trial the trial's number, from 1
 * @param electionTimeoutMs the nominal election timeout
 * @param millis from the kill to the first decided write submitted after it; negative if none was
 *     decided within the probe's limit
 */
public record FailoverResult(String system, String setting, int trial, long electionTimeoutMs, double millis) {

  public static final String HEADER = "system,setting,trial,election_timeout_ms,failover_ms";

  public String toCsv() {
    return String.format(Locale.ROOT, "%s,%s,%d,%d,%.1f", system, setting, trial, electionTimeoutMs, millis);
  }

  /** Parses a line written by {@link #toCsv()}. */
  public static FailoverResult parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 5) {
      throw new IllegalArgumentException("expected 5 fields, got " + f.length + ": " + line);
    }
    return new FailoverResult(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]));
  }
}
