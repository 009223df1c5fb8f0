/**
 * The list commands (LPUSH, LPOP, LRANGE, LINSERT, LPOS, LMOVE and their relatives) over {@link
 * omnipaxos.kv.command.lists.Elements}; the blocking ones answer an error at once.
 */
package omnipaxos.kv.command.lists;
