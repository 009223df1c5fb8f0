/**
 * The service benchmark: our key-value cluster, a 3-member etcd and Redis with two replicas, driven
 * by one closed-loop harness ({@link omnipaxos.bench.service.ServiceLoop} over a {@link
 * omnipaxos.bench.service.ServiceClient}: Lettuce for RESP, jetcd for etcd), reported with ratios
 * by {@link omnipaxos.bench.service.ServiceReport}. Entry type: {@link
 * omnipaxos.bench.service.ServiceBenchMain}, run by {@code bench/run-service.sh}. Not part of the
 * build's tests; the systems run as separate processes that the script starts and stops.
 */
package omnipaxos.bench.service;
