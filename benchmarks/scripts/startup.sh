#!/usr/bin/env bash
# Start-up to a healthy engine, and the distribution's sizes (docs/performance.md).
#   benchmarks/scripts/startup.sh [runs]     after ./mvnw -q package -DskipTests
# Also timed: a start after SIGKILL (PostgreSQL left running, as after a crash), and one without the class cache.
# Memory: benchmarks/scripts/memory.sh.
# The first start initialises the embedded database and writes the JVM's class cache; the timed
# runs reuse both, as every start after the first does. Each run: SIGTERM, wait, start again.
source "$(dirname "$0")/distribution.sh"
runs="${1:-5}"
port=18080

healthy() { # seconds from launch until /api/v1/health answers up; then stopped with SIGTERM (or the signal in $2)
  local start=$(date +%s.%N)
  "$pyra/bin/pyra" --data-dir "$data" --ui-port $port --webhook-port $((port + 1)) > "$data/console.$1.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/api/v1/health" 2>/dev/null | grep -q '"status":"up"'; do
    kill -0 $pid 2>/dev/null || { cat "$data/console.$1.log"; exit 1; }
    sleep 0.02
  done
  echo "$(date +%s.%N) - $start" | bc
  kill -"${2:-TERM}" $pid; wait $pid 2>/dev/null || true
}

machine
echo "first start (database initialised, class cache written): $(healthy first) s"
times=()
for i in $(seq 1 "$runs"); do t=$(healthy "$i"); times+=("$t"); echo "start $i (cache and database ready): $t s"; done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "  min ${sorted[0]} s, median ${sorted[$(( ${#sorted[@]} / 2 ))]} s, max ${sorted[-1]} s"
healthy crash KILL > /dev/null # SIGKILL: PostgreSQL is left running, the journal mid-write
echo "after a crash (SIGKILL; the orphaned PostgreSQL stopped, recovery, reconciliation): $(healthy after-crash) s"
echo "PYRA_AOT=off (no class cache): $(PYRA_AOT=off healthy noaot) s"
echo "sizes: folder $(du -sm "$pyra" | cut -f1) MB, runtime $(du -sm "$pyra/runtime" | cut -f1) MB, lib $(du -sm "$pyra/lib" | cut -f1) MB, plugins $(du -sm "$pyra/plugins" | cut -f1) MB"
for f in distribution/target/pyra-*.tar.gz distribution/target/pyra-*.zip distribution/target/installers/*; do
  [ -e "$f" ] && echo "  $(basename "$f"): $(du -m "$f" | cut -f1) MB"
done
