package omnipaxos.bench.harness;

/**
 * Which configuration a peer library runs with: its defaults, or the settings its own documentation
 * and examples advise for throughput. A tuned run is labelled {@code NAME-tuned} in every output, so
 * that both appear side by side.
 */
public enum Profile {
  DEFAULT,
  TUNED;

  /** The system property that selects the tuned profile in a system's JVM: {@code -Dbench.tuned=true}. */
  public static final String PROPERTY = "bench.tuned";

  /** The profile {@link #PROPERTY} selects in this JVM. */
  public static Profile fromSystemProperties() {
    return Boolean.getBoolean(PROPERTY) ? TUNED : DEFAULT;
  }

  /** The name results of {@code system} carry in this profile. */
  public String label(String system) {
    return this == TUNED ? system + "-tuned" : system;
  }
}
