#!/usr/bin/env bash
# Runs the service benchmark: our 3-server omnipaxos-kv (GET in log mode, then in lease mode), a
# 3-member etcd and a Redis 7 primary with two replicas (appendfsync always, WAIT 1 0 after each
# write), each as real processes on ports and temp data directories of their own, one system at a
# time, all with fsync on. The same closed-loop client (Lettuce for RESP, jetcd for etcd) measures
# writes and linearizable reads (Redis: reads on the primary, not linearizable) of 16-byte values at
# 1, 16 and 64 outstanding requests, warm-up then measurement, p50/p99/p99.9 from HdrHistogram.
# Writes service.csv, service.md (table with ratios ours/etcd and ours/Redis) and service.svg
# (throughput vs p99) into the output directory; --memory adds memory.csv (bytes per 16-byte
# string key and per hash field, from RSS, INFO used_memory and our estimate, after loading 1M of
# each). Installs etcd and Redis with apt where missing. See BENCHMARKS.md, "Service".
#
#   bench/run-service.sh             warm-up 3 s, measurement 8 s per cell (~6 min)
#   bench/run-service.sh --quick     warm-up 1 s, measurement 2 s per cell (~2 min)
#   bench/run-service.sh --memory    memory only: bytes per key and per hash field (--keys N)
#   bench/run-service.sh --page      ours (log reads) with and without the dashboard open:
#                                    --streams N SSE clients on /stream of every server (default
#                                    4) and one /dashboard.json poller; each cell --rounds R times
#                                    each way (default 2), alternating; 16 and 64 outstanding;
#                                    page.csv and page.md (with --quick: 1 s + 2 s per run)
#   options: --systems ours-log,ours-lease,etcd,redis  --port-offset N (added to every port)
#            --out DIR (default bench/results/published/service; with --quick a new
#            bench/results/service-quick-TIME)
#            --no-build (use the jars already built)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODE=full
OUT=""
KEYS=1000000
SYSTEMS="ours-log,ours-lease,etcd,redis"
PAGE=no
STREAMS=4
ROUNDS=2
BUILD=yes
PO=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick ;;
    --memory) MODE=memory ;;
    --page) PAGE=yes; SYSTEMS=ours-log ;;
    --streams) STREAMS="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --no-build) BUILD=no ;;
    --keys) KEYS="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --systems) SYSTEMS="$2"; shift ;;
    --port-offset) PO="$2"; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$MODE" = quick ]; then
  OUT="${OUT:-$ROOT/bench/results/service-quick-$(date +%Y%m%d-%H%M%S)}"
fi
OUT="${OUT:-$ROOT/bench/results/published/service}"
mkdir -p "$OUT"
rm -f "$OUT/service.csv.new" "$OUT/memory.csv.new" "$OUT/page.csv.new"
case "$MODE" in
  quick) RUN=(--outstanding 1,16,64 --warmup-s 1 --measure-s 2 --keys 1000) ;;
  full) RUN=(--outstanding 1,16,64 --warmup-s 3 --measure-s 8 --keys 10000) ;;
esac
if [ "$PAGE" = yes ]; then
  RUN=(--outstanding 16,64 "${RUN[@]:2}" --streams "$STREAMS" --rounds "$ROUNDS")
fi
START=$(date +%s)

command -v etcd >/dev/null || (apt-get update -qq && apt-get install -y -qq etcd-server etcd-client)
command -v redis-server >/dev/null || (apt-get update -qq && apt-get install -y -qq redis-server)

if [ "$BUILD" = yes ]; then
  echo "== building omnipaxos-kv and the benchmark (mvn package, tests skipped, nothing installed)"
  (cd "$ROOT" && mvn -B -q -ntp -Pbench -DskipTests package -pl omnipaxos-kv,bench/bench-service -am)
fi

TMP="$(mktemp -d /tmp/bench-service.XXXXXX)"
PIDS=()
stop_all() {
  for p in "${PIDS[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  PIDS=()
}
cleanup() {
  stop_all
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CLASSPATH_FILE="$ROOT/bench/bench-service/target/classpath.txt"
BENCH=(java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=error
  -cp "$ROOT/bench/bench-service/target/classes:$(cat "$CLASSPATH_FILE")"
  omnipaxos.bench.service.ServiceBenchMain)

wait_for() {
  local what="$1" check="$2"
  for _ in $(seq 1 300); do
    if eval "$check" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "!! $what did not come up; logs in $TMP" >&2
  tail -n 20 "$TMP"/*.log >&2 || true
  exit 1
}

ENDPOINTS=""
start_ours() {
  local mode="$1" nodes="" i
  for i in 1 2 3; do
    nodes="$nodes${nodes:+,}$i=127.0.0.1:$((17100 + i + PO))"
  done
  local http=()
  HTTP=""
  for i in 1 2 3; do
    if [ "$PAGE" = yes ]; then
      http=(--http "127.0.0.1:$((16590 + i + PO))")
      HTTP="$HTTP${HTTP:+,}127.0.0.1:$((16590 + i + PO))"
    fi
    java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      -jar "$ROOT/omnipaxos-kv/target/omnipaxos-kv.jar" \
      server --pid "$i" --bootstrap --nodes "$nodes" --client "127.0.0.1:$((16390 + i + PO))" \
      --data-dir "$TMP/kv-$mode-$i" --read-mode "$mode" "${http[@]}" \
      >"$TMP/kv-$mode-$i.log" 2>&1 &
    PIDS+=($!)
  done
  for i in 1 2 3; do
    wait_for "our server $i" "redis-cli -p $((16390 + i + PO)) PING | grep -q PONG"
  done
  ENDPOINTS="127.0.0.1:$((16391 + PO)),127.0.0.1:$((16392 + PO)),127.0.0.1:$((16393 + PO))"
}

start_etcd() {
  local cluster="" i
  for i in 1 2 3; do
    cluster="$cluster${cluster:+,}e$i=http://127.0.0.1:$((12280 + 100 * i + PO))"
  done
  for i in 1 2 3; do
    local client="http://127.0.0.1:$((12279 + 100 * i + PO))"
    local peer="http://127.0.0.1:$((12280 + 100 * i + PO))"
    etcd --name "e$i" --data-dir "$TMP/etcd-$i" --listen-client-urls "$client" \
      --advertise-client-urls "$client" --listen-peer-urls "$peer" \
      --initial-advertise-peer-urls "$peer" --initial-cluster "$cluster" \
      --initial-cluster-token bench-service --initial-cluster-state new \
      --log-level error >"$TMP/etcd-$i.log" 2>&1 &
    PIDS+=($!)
  done
  ENDPOINTS="127.0.0.1:$((12379 + PO)),127.0.0.1:$((12479 + PO)),127.0.0.1:$((12579 + PO))"
  for e in ${ENDPOINTS//,/ }; do
    wait_for "etcd member $e" "curl -sf http://$e/health | grep -q true"
  done
}

start_redis() {
  for i in 0 1 2; do
    local port=$((16479 + i + PO)) extra=()
    if [ "$i" -gt 0 ]; then
      extra=(--replicaof 127.0.0.1 $((16479 + PO)))
    fi
    mkdir -p "$TMP/redis-$i"
    redis-server --port "$port" --bind 127.0.0.1 --dir "$TMP/redis-$i" --appendonly yes \
      --appendfsync always --save "" --daemonize no "${extra[@]}" >"$TMP/redis-$i.log" 2>&1 &
    PIDS+=($!)
  done
  wait_for "redis replicas" \
    "redis-cli -p $((16479 + PO)) INFO replication | grep -q connected_slaves:2"
  ENDPOINTS="127.0.0.1:$((16479 + PO))"
}

for system in ${SYSTEMS//,/ }; do
  echo "-- $system"
  case "$system" in
    ours-log) start_ours log ;;
    ours-lease) start_ours lease ;;
    etcd) start_etcd ;;
    redis) start_redis ;;
    *) echo "unknown system $system" >&2; exit 2 ;;
  esac
  if [ "$PAGE" = yes ]; then
    "${BENCH[@]}" page --system "$system" --endpoints "$ENDPOINTS" --http "$HTTP" "${RUN[@]}" \
      --out "$OUT/page.csv.new"
  elif [ "$MODE" = memory ]; then
    PIDLIST=$(IFS=,; echo "${PIDS[*]}")
    "${BENCH[@]}" memory --system "$system" --endpoints "$ENDPOINTS" --pids "$PIDLIST" \
      --keys "$KEYS" \
      --out "$OUT/memory.csv.new"
  else
    "${BENCH[@]}" run --system "$system" --endpoints "$ENDPOINTS" "${RUN[@]}" \
      --out "$OUT/service.csv.new"
  fi
  echo "$system: load average after it $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$TMP/conditions"
  stop_all
done

if [ "$PAGE" = yes ]; then
  mv "$OUT/page.csv.new" "$OUT/page.csv"
  { echo "page $MODE run, $STREAMS streams per server, $ROUNDS rounds, $(nproc) cores," \
    "$(date -u +%FT%TZ)"; cat "$TMP/conditions"; } >"$OUT/page-conditions.txt"
elif [ "$MODE" = memory ]; then
  mv "$OUT/memory.csv.new" "$OUT/memory.csv"
  { echo "memory run, $KEYS keys and $KEYS hash fields, $(nproc) cores, $(date -u +%FT%TZ)"; cat "$TMP/conditions"; } \
    >"$OUT/memory-conditions.txt"
else
  mv "$OUT/service.csv.new" "$OUT/service.csv"
  { echo "$MODE run, $(nproc) cores, $(date -u +%FT%TZ)"; cat "$TMP/conditions"; } \
    >"$OUT/conditions.txt"
fi
echo "== report"
"${BENCH[@]}" report --dir "$OUT"
echo "== done in $(( $(date +%s) - START )) s: $OUT"
