/**
 * A worked example of the runtime: a key-value store seeded with a snapshot ({@code SeedExample}),
 * run by its test.
 */
package omnipaxos.runtime.example;
