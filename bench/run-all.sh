#!/usr/bin/env bash
# Runs the whole benchmark comparison on this machine: builds the benchmark modules (no install),
# runs every system in JVMs of its own (one per setting, one for failover), optionally the JMH
# microbenchmarks, then aggregates into a table (summary.md), a CSV (results.csv) and a PNG chart.
#
#   bench/run-all.sh            full matrix (~15-17 min on 2 cores)
#   bench/run-all.sh --quick    reduced matrix (~3 min): 128 B entries, 1 and 64 outstanding
#   bench/run-all.sh --tuned    also runs every peer a second time in its tuned profile (-Dbench.tuned=true,
#                               labelled NAME-tuned; memory and durable settings, no failover): see BENCHMARKS.md
#   options: --no-jmh  --jmh-only  --systems "omnipaxos ratis jraft microraft"  --out DIR
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODE=full
JMH=yes
ONLY_JMH=no
TUNED=no
SYSTEMS="omnipaxos ratis jraft microraft"
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick; JMH=no ;;
    --full) MODE=full ;;
    --tuned) TUNED=yes ;;
    --no-jmh) JMH=no ;;
    --jmh-only) ONLY_JMH=yes; JMH=yes ;;
    --systems) SYSTEMS="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
OUT="${OUT:-$ROOT/bench/results/$MODE-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
START=$(date +%s)

module_of() {
  case "$1" in
    omnipaxos) echo "omnipaxos-bench omnipaxos.bench.OmniPaxosBenchMain" ;;
    ratis) echo "bench-ratis omnipaxos.bench.ratis.RatisSystem" ;;
    jraft) echo "bench-jraft omnipaxos.bench.jraft.JRaftSystem" ;;
    microraft) echo "bench-microraft omnipaxos.bench.microraft.MicroRaftSystem" ;;
    *) echo "unknown system $1" >&2; exit 2 ;;
  esac
}

classpath() {
  echo "$ROOT/bench/$1/target/classes:$(cat "$ROOT/bench/$1/target/classpath.txt")"
}

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "mode: $MODE"
  echo "cpus: $(nproc)"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "cpu model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "jdk: $(java -version 2>&1 | head -2 | tail -1)"
  echo "tuned profiles: $TUNED"
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "uptime at start: $(uptime)"
} > "$OUT/machine.txt"

echo "== building the benchmark modules (mvn package, tests skipped, nothing installed)"
MODULES="bench/bench-harness"
for s in $SYSTEMS; do
  set -- $(module_of "$s")
  MODULES="$MODULES,bench/$1"
done
if [ "$JMH" = yes ]; then
  MODULES="$MODULES,bench/omnipaxos-bench"
fi
(cd "$ROOT" && mvn -B -q -ntp -Pbench -DskipTests package -pl "$MODULES" -am)

# The same JVM options for every system. The ForkJoin parallelism matters on 2 CPUs: with the default
# (CPUs - 1 = 1) CompletableFuture's default async executor starts a new thread per task, which Ratis'
# follower append path uses (see BENCHMARKS.md).
# JRaft's Hessian serialization of error responses needs java.lang opened on JDK 17.
JAVA_OPTS=(-Xms1g -Xmx2g -XX:+UseG1GC -Djava.util.concurrent.ForkJoinPool.common.parallelism=2
  --add-opens java.base/java.lang=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=error)

# run_system SYSTEM [tuned] ARGS...: one JVM of SYSTEM; "tuned" selects its tuned profile, labelled SYSTEM-tuned.
run_system() {
  local system="$1"; shift
  local label="$system" profile=()
  if [ "${1:-}" = tuned ]; then
    label="$system-tuned"; profile=(-Dbench.tuned=true); shift
  fi
  set -- $(module_of "$system") "$@"
  local module="$1" main="$2"; shift 2
  echo "-- $label $*"
  java "${JAVA_OPTS[@]}" "${profile[@]}" -cp "$(classpath "$module")" "$main" --mode "$MODE" --out "$OUT" "$@" \
    >> "$OUT/log.txt" 2>&1 || echo "!! $label $* failed (see $OUT/log.txt)"
  grep -E "^$label .*(ops/s|failover)" "$OUT/log.txt" | tail -n +$((${SEEN[$label]:-0} + 1)) || true
  SEEN[$label]=$(grep -cE "^$label .*(ops/s|failover)" "$OUT/log.txt" || true)
}

declare -A SEEN
if [ "$ONLY_JMH" = no ]; then
  for setting in memory durable; do
    echo "== setting: $setting"
    for s in $SYSTEMS; do
      run_system "$s" --setting "$setting"
      if [ "$TUNED" = yes ] && [ "$s" != omnipaxos ]; then run_system "$s" tuned --setting "$setting"; fi
    done
  done
  echo "== failover (leader killed)"
  for s in $SYSTEMS; do run_system "$s" --failover; done
fi

if [ "$JMH" = yes ]; then
  echo "== JMH microbenchmarks of the core (omnipaxos-bench)"
  java -cp "$(classpath omnipaxos-bench)" org.openjdk.jmh.Main -f 1 -wi 1 -w 1s -i 2 -r 1s \
    -rf csv -rff "$OUT/jmh.csv" 'omnipaxos\.bench\.jmh\..*' >> "$OUT/jmh.txt" 2>&1 \
    || echo "!! JMH failed (see $OUT/jmh.txt)"
  sed -n '/^Benchmark/,$p' "$OUT/jmh.txt"
fi

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
echo "uptime at end: $(uptime)" >> "$OUT/machine.txt"
echo "elapsed: $(( $(date +%s) - START )) s" >> "$OUT/machine.txt"
java -cp "$(classpath bench-harness)" omnipaxos.bench.harness.Aggregate "$OUT" > /dev/null
cat "$OUT/summary.md"
echo
echo "== done in $(( $(date +%s) - START )) s: $OUT/{summary.md,results.csv,failover.csv,throughput-vs-p99.png}"
