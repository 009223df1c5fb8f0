/**
 * The reconfiguration benchmark: server 3 of {1, 2, 3} is replaced by a new server 4 while the store
 * holds a given amount of data and clients keep writing ({@link omnipaxos.bench.reconfig.ReconfigMain}).
 */
package omnipaxos.bench.reconfig;
