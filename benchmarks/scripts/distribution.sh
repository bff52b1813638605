# Sourced by the benchmark scripts that run the built distribution (after ./mvnw -q package -DskipTests):
# bin/pyra on a scratch data directory and class cache, removed at the end; Pyra stopped if still running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[1]}")/../.."
pyra=distribution/target/pyra
data="$(mktemp -d)"; cache="$(mktemp -d)"
trap 'kill -TERM "${pid:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data" "$cache"' EXIT
export XDG_CACHE_HOME="$cache" PYRA_WEBHOOK_SECRET=bench

machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u "+%F %H:%M") UTC"
  # this machine's speed moves by 1.5x within an hour: a fixed cold-JVM task (bin/pyra --help, no class cache)
  # timed beside every run says how fast the machine was (docs/performance.md)
  local times=() i started
  for i in 1 2 3 4 5; do
    started=$(date +%s%N); "$pyra/bin/pyra" --help > /dev/null 2>&1; times+=($(( ($(date +%s%N) - started) / 1000000 )))
  done
  echo "speed probe: bin/pyra --help, median of 5: $(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p) ms"
}
