/**
 * Differential tests against a real Redis 7: {@link omnipaxos.kv.redis.RealRedis} starts one
 * (failing loudly if redis-server is missing), {@link omnipaxos.kv.redis.RespConnection} speaks raw
 * RESP, and {@link omnipaxos.kv.redis.RedisDifferentialTest} compares reply bytes.
 */
package omnipaxos.kv.redis;
