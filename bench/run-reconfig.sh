#!/usr/bin/env bash
# Runs the reconfiguration benchmark: a follower of {1, 2, 3} replaced by a new server 4 while the store
# holds 100 MiB and then 256 MiB of 1 KiB values (1 GiB did not fit), under a steady load of 1,000
# writes/s (see BENCHMARKS.md, "Reconfiguration"). Builds the benchmark modules (mvn package, nothing
# installed), runs each system in a JVM of its own and writes SYSTEM-reconfig.csv and log.txt into the
# output directory.
#
#   bench/run-reconfig.sh            100 MiB and 256 MiB, three trials each per system (~5 min)
#   bench/run-reconfig.sh --quick    16 MiB, once per system (~40 s)
#   options: --mib "100,1024"  --out DIR
#
# Systems: OmniPaxos (replacement by one reconfiguration), SOFAJRaft (addPeer, then removePeer) and
# Apache Ratis (one setConfiguration through the admin API).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODE=full
MIB=""
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick ;;
    --mib) MIB="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
OUT="${OUT:-$ROOT/bench/results/reconfig-$MODE-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
START=$(date +%s)

echo "== building the benchmark modules (mvn package, tests skipped, nothing installed)"
MODULES=bench/bench-harness,bench/omnipaxos-bench,bench/bench-jraft,bench/bench-ratis
(cd "$ROOT" && mvn -B -q -ntp -Pbench -DskipTests package -pl "$MODULES" -am)

# A large store means three copies of the log, plus the state encoded at the sources and decoded
# at the new server, in one JVM: hence the larger heap than run-all.sh gives (20 GiB from 1 GiB on).
HEAP=(-Xms10g -Xmx12g)
for m in ${MIB//,/ }; do
  if [ "$m" -ge 1024 ]; then
    HEAP=(-Xms16g -Xmx20g)
  fi
done
JAVA_OPTS=("${HEAP[@]}" -XX:+UseG1GC -Djava.util.concurrent.ForkJoinPool.common.parallelism=2
  --add-opens java.base/java.lang=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=error)
ARGS=(--mode "$MODE" --out "$OUT")
if [ -n "$MIB" ]; then
  ARGS+=(--mib "$MIB")
fi
run_system() {
  local system="$1" module="$2" main="$3"
  echo "-- $system"
  java "${JAVA_OPTS[@]}" -cp "$ROOT/bench/$module/target/classes:$(cat "$ROOT/bench/$module/target/classpath.txt")" \
    "$main" "${ARGS[@]}" 2>&1 | tee -a "$OUT/log.txt" | grep -E "^$system reconfig|^  (old|last)" \
    || echo "!! $system failed (see $OUT/log.txt)"
}
run_system omnipaxos omnipaxos-bench omnipaxos.bench.reconfig.ReconfigMain
run_system jraft bench-jraft omnipaxos.bench.jraft.JRaftReconfigMain
run_system ratis bench-ratis omnipaxos.bench.ratis.RatisReconfigMain
echo "== done in $(( $(date +%s) - START )) s: $OUT/{omnipaxos,jraft,ratis}-reconfig.csv"
