package omnipaxos.runtime.example;

/** The seed's log entry: a write of {@code value} to {@code key}. */
public record KeyValue(String key, long value) {}
