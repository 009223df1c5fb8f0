/**
 * State migration between configurations: how a server that joins a configuration (or lagged behind
 * its start) gets the application state at the stop sign that started it, in checksummed chunks
 * fetched in parallel from every server that holds it.
 *
 * <p>Entry types: {@link omnipaxos.core.migration.MigrationSink} (the fetching side), {@link
 * omnipaxos.core.migration.MigrationSource} (the serving side), the {@link
 * omnipaxos.core.migration.StateImage} they move and its {@link omnipaxos.core.migration.Manifest}.
 *
 * <p>Threading and determinism: like the rest of the core, these are deterministic state machines
 * with no threads, clocks or I/O. Time is ticks; input is {@code handle(message)} and {@code
 * tick()}; output is drained with {@code takeOutgoing()}. Not thread-safe: drive each from one
 * thread.
 */
package omnipaxos.core.migration;
