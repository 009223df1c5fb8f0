"""redis-py (Debian's python3-redis) against a three-server cluster of ours.

Usage: redis_py_check.py PORT1 PORT2 PORT3. Writes on one server, reads on the others (reads go
through the log, so every server sees every acknowledged write), pipelines, MULTI/EXEC through
pipeline(transaction=True), WATCH conflicts and error replies. Prints "redis-py checks passed" and
exits 0, or raises.
"""
import sys

import redis


def check(what, got, want):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")


def strings(a, b, c):
    check("set", a.set("py:s", "hello"), True)
    check("get elsewhere", b.get("py:s"), "hello")
    check("set nx", c.set("py:s", "x", nx=True), None)
    check("append", b.append("py:s", " world"), 11)
    check("strlen", c.strlen("py:s"), 11)
    check("mset", a.mset({"py:m1": "1", "py:m2": "2"}), True)
    check("mget", c.mget(["py:m1", "py:m2", "py:none"]), ["1", "2", None])
    check("incrby", b.incrby("py:m1", 41), 42)
    check("incrbyfloat", a.incrbyfloat("py:m2", 0.5), 2.5)
    check("set px", a.set("py:ttl", "v", px=100_000), True)
    ttl = c.pttl("py:ttl")
    if not 0 < ttl <= 100_000:
        raise AssertionError(f"pttl: {ttl}")
    check("persist", b.persist("py:ttl"), True)
    check("ttl", a.ttl("py:ttl"), -1)
    check("getdel", c.getdel("py:ttl"), "v")
    check("exists", a.exists("py:ttl", "py:s"), 1)


def hashes(a, b, c):
    check("hset", a.hset("py:h", mapping={"f1": "1", "f2": "two"}), 2)
    check("hget", b.hget("py:h", "f2"), "two")
    check("hincrby", c.hincrby("py:h", "f1", 9), 10)
    check("hgetall", a.hgetall("py:h"), {"f1": "10", "f2": "two"})
    check("hdel", b.hdel("py:h", "f2", "nope"), 1)
    check("hlen", c.hlen("py:h"), 1)
    check("hexists", a.hexists("py:h", "f1"), True)
    try:
        a.hget("py:s", "f")
        raise AssertionError("HGET of a string succeeded")
    except redis.ResponseError as e:
        check("wrongtype", str(e),
              "WRONGTYPE Operation against a key holding the wrong kind of value")


def pipelines(a, b, c):
    p = a.pipeline(transaction=False)
    p.set("py:p", "0").incr("py:p").incr("py:p").get("py:p").hset("py:ph", "f", "v")
    check("pipeline", p.execute(), [True, 1, 2, "2", 1])
    t = b.pipeline(transaction=True)
    t.hincrby("py:acct", "a", -5).hincrby("py:acct", "b", 5).hmget("py:acct", "a", "b")
    check("multi/exec", t.execute(), [-5, 5, ["-5", "5"]])
    check("after exec elsewhere", c.hgetall("py:acct"), {"a": "-5", "b": "5"})
    try:
        t = c.pipeline(transaction=True)
        t.set("py:bad", "1").hincrby("py:bad", "f", 1)
        t.execute()
        raise AssertionError("a transaction with a failing command raised nothing")
    except redis.ResponseError as e:
        check("error inside exec", "WRONGTYPE" in str(e), True)
    check("earlier command of that transaction", a.get("py:bad"), "1")


def watch(a, b):
    with a.pipeline(transaction=True) as t:
        t.watch("py:w")
        before = t.get("py:w")
        b.set("py:w", "changed by another server")
        t.multi()
        t.set("py:w", "mine")
        try:
            t.execute()
            raise AssertionError(f"EXEC ran although a watched key changed (was {before!r})")
        except redis.WatchError:
            pass
    check("watched key", a.get("py:w"), "changed by another server")
    with a.pipeline(transaction=True) as t:
        t.watch("py:w")
        t.multi()
        t.set("py:w", "mine")
        check("unconflicted watch", t.execute(), [True])


def databases(port):
    one = redis.Redis(host="127.0.0.1", port=port, db=1, decode_responses=True)
    check("set in db 1", one.set("py:db", "one"), True)
    check("dbsize of db 1", one.dbsize(), 1)
    zero = redis.Redis(host="127.0.0.1", port=port, db=0, decode_responses=True)
    check("db 0 does not see it", zero.get("py:db"), None)


def main():
    ports = [int(p) for p in sys.argv[1:4]]
    a, b, c = (redis.Redis(host="127.0.0.1", port=p, decode_responses=True,
                           socket_timeout=20) for p in ports)
    check("ping", a.ping() and b.ping() and c.ping(), True)
    strings(a, b, c)
    hashes(a, b, c)
    pipelines(a, b, c)
    watch(a, b)
    databases(ports[1])
    print("redis-py", redis.__version__, "checks passed")


if __name__ == "__main__":
    main()
