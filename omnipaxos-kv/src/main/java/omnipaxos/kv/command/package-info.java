/**
 * The command layer of the key-value service, free of Netty: each Redis command is one {@link
 * omnipaxos.kv.command.CommandSpec} in the {@link omnipaxos.kv.command.CommandTable}, registered
 * explicitly per family (one subpackage each).
 *
 * <p>Entry types: {@link omnipaxos.kv.command.CommandTable} (lookup, arity, COMMAND replies),
 * {@link omnipaxos.kv.command.ReplicatedCommand} (checked on the receiving server, then applied
 * from the log as a {@link omnipaxos.kv.command.KvEntry}), {@link
 * omnipaxos.kv.command.LocalCommand} (answered on the connection) and {@link
 * omnipaxos.kv.command.Keyspace} (16 databases of sorted keys with expiry).
 *
 * <p>Threading and determinism: {@code apply} runs on the apply thread, in log order, and must be
 * deterministic: time comes only from the log clock and randomness only from {@link
 * omnipaxos.kv.command.ApplyContext}, never from the replica. Error texts are Redis 7&#39;s, in
 * {@link omnipaxos.kv.command.Errors}.
 */
package omnipaxos.kv.command;
