/**
 * The sorted-set commands (ZADD, ZRANGE and its relatives, ZPOPMIN, ZSCAN ...) over {@link
 * omnipaxos.kv.command.zsets.ScoredSet}, with Redis's score and lexicographic range syntax; the
 * blocking ones answer an error at once.
 */
package omnipaxos.kv.command.zsets;
