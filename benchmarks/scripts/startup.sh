#!/usr/bin/env bash
# Start-up to a healthy engine, and the distribution's sizes (docs/performance.md).
#   benchmarks/scripts/startup.sh [runs]     after ./mvnw -q package -DskipTests
# The first start initialises the embedded database and writes the JVM's class cache; the timed
# runs reuse both, as every start after the first does. Each run: SIGTERM, wait, start again.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
pyra=distribution/target/pyra
data="$(mktemp -d)"; cache="$(mktemp -d)"
trap 'kill -TERM "${pid:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data" "$cache"' EXIT
export XDG_CACHE_HOME="$cache" PYRA_WEBHOOK_SECRET=bench
port=18080

healthy() { # seconds from launch until /api/v1/health answers up
  local start=$(date +%s.%N)
  "$pyra/bin/pyra" --data-dir "$data" --ui-port $port --webhook-port $((port + 1)) > "$data/console.$1.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/api/v1/health" 2>/dev/null | grep -q '"status":"up"'; do
    kill -0 $pid 2>/dev/null || { cat "$data/console.$1.log"; exit 1; }
    sleep 0.02
  done
  echo "$(date +%s.%N) - $start" | bc
  kill -TERM $pid; wait $pid || true
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%F)"
echo "first start (database initialised, class cache written): $(healthy first) s"
for i in $(seq 1 "$runs"); do echo "start $i (cache and database ready): $(healthy "$i") s"; done
echo "PYRA_AOT=off (no class cache): $(PYRA_AOT=off healthy noaot) s"
echo "sizes: folder $(du -sm "$pyra" | cut -f1) MB, runtime $(du -sm "$pyra/runtime" | cut -f1) MB, lib $(du -sm "$pyra/lib" | cut -f1) MB, plugins $(du -sm "$pyra/plugins" | cut -f1) MB"
for f in distribution/target/pyra-*.tar.gz distribution/target/pyra-*.zip distribution/target/installers/*; do
  [ -e "$f" ] && echo "  $(basename "$f"): $(du -m "$f" | cut -f1) MB"
done
