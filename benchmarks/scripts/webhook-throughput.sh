#!/usr/bin/env bash
# Webhook intake at saturation: durable signals/s against a bare Javalin handler in the same run
# (docs/performance.md). wrk, closed loop: each connection sends its next signal when the last
# is answered; Pyra answers 2xx only once the signal is committed to PostgreSQL (fsync on).
#   benchmarks/scripts/webhook-throughput.sh [seconds per run, 15] [connections, 64] [rounds, 2]
# after ./mvnw -q install -DskipTests. Installs wrk from Debian when it is missing (needs root).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-15}"; connections="${2:-64}"; rounds="${3:-2}"
if ! command -v wrk > /dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk > /dev/null; else echo "wrk is missing: sudo apt-get install -y wrk" >&2; exit 1; fi
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CP="$(cat benchmarks/target/classpath.txt):benchmarks/target/classes"
work="$(mktemp -d)"
trap 'exec 3>&- 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
mkfifo "$work/in"
# the serving JVM runs until its standard input (this script's fd 3) closes
"$JAVA" -Xmx2g ${BENCH_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$CP" \
  dev.pyra.bench.WebhookServe < "$work/in" > "$work/serve.log" 2>&1 &
exec 3> "$work/in"
until grep -q '^pyra=' "$work/serve.log"; do sleep 0.2; kill -0 $! 2>/dev/null || { cat "$work/serve.log"; exit 1; }; done
read -r pyra floor <<< "$(grep '^pyra=' "$work/serve.log" | sed 's/pyra=//; s/floor=//')"

load() { # name url seconds: one wrk run, one connection per thread (a group's five signals stay in order)
  PYRA_BENCH_RUN="$1" wrk -t "$connections" -c "$connections" -d "${3}s" -s benchmarks/scripts/signals.lua "$2" | grep '^RESULT' | tee -a "$work/all"
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%F); $connections connections, ${seconds} s per run"
# the JIT compiles Jetty's, Jackson's and the driver's hot paths under load first
load warmfloor "$floor" 15 > /dev/null
load warmpyra "$pyra" 30 > /dev/null
: > "$work/results"
for round in $(seq 1 "$rounds"); do
  load "floor$round" "$floor" "$seconds"
  load "pyra$round" "$pyra" "$seconds"
done | tee -a "$work/results"
exec 3>&-
wait
grep -B1 -A3 "^stored" "$work/serve.log"
# every signal Pyra answered 2xx (the warm-up's too) is stored, once: its id is unique. A few more are
# stored than wrk counts: the requests in flight when each run stopped (at most one per connection)
answered=$(awk '/RESULT (warm)?pyra/ { for (i = 1; i <= NF; i++) if ($i ~ /^ok=/) { split($i, a, "="); s += a[2] } } END { print s }' "$work/all")
stored=$(sed -n 's/^stored signals=\([0-9]*\) distinct ids=\([0-9]*\).*/\1 \2/p' "$work/serve.log")
echo "answered 2xx by Pyra: $answered; stored, distinct ids: $stored (in flight at the stops: at most $(( connections * (rounds + 1) )))"
awk '/RESULT pyra/ { for (i = 1; i <= NF; i++) if ($i ~ /^per_second=/) { split($i, a, "="); p[++n] = a[2] } }
     /RESULT floor/ { for (i = 1; i <= NF; i++) if ($i ~ /^per_second=/) { split($i, a, "="); f[++m] = a[2] } }
     END { for (i = 1; i <= n; i++) printf "round %d: Pyra %d signals/s = %.0f %% of the bare handler (%d/s)\n", i, p[i], 100 * p[i] / f[i], f[i] }' "$work/results"
