/**
 * Checks of the TLA+ specification in {@code spec/}: TLC model-checks it ({@code ModelCheckTest}),
 * seeded protocol mutants must fail ({@code MutantTest}, {@code VacuityTest}), and simulator traces
 * of the Java code must be behaviours of the spec ({@code TraceValidationTest}).
 *
 * <p>Threading and determinism: each check runs TLC in its own process on fixed inputs.
 */
package omnipaxos.spec;
