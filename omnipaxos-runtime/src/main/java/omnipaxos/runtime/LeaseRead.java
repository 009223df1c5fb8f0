package omnipaxos.runtime;

import omnipaxos.core.Ballot;

/**
 * A lease read under way: the leader's ballot when it started, and the log index the local state
 * must have applied before it is read.
 *
 * @param ballot the ballot the leader led with its lease when the read arrived
 * @param readIdx the leader's accepted index then; decided at this node by the time this is handed
 *     out
 */
record LeaseRead(Ballot ballot, long readIdx) {}
