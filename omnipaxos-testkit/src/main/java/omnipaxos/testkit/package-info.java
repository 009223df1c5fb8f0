/**
 * Deterministic fault simulation of OmniPaxos clusters on a virtual clock, with log invariants
 * checked after every step.
 *
 * <p>Entry types: {@link omnipaxos.testkit.Simulator} (one cluster, one seed, configured by {@link
 * omnipaxos.testkit.SimOptions}), {@link omnipaxos.testkit.RandomRun} and {@link
 * omnipaxos.testkit.Sweep} (many seeds with random {@link omnipaxos.testkit.FaultKind}s), {@link
 * omnipaxos.testkit.LogInvariants}, and {@link omnipaxos.testkit.SpecTrace} (the trace that the
 * TLA+ trace validation in {@code omnipaxos-spec} replays).
 *
 * <p>Threading and determinism: single-threaded; all randomness comes from the seed, so a failing
 * seed replays exactly ({@link omnipaxos.testkit.SimulationFailure} names it).
 */
package omnipaxos.testkit;
