#!/usr/bin/env bash
# Resident memory of the distribution's bin/pyra at idle and with 1,000 open position groups
# (paper venue, the default ladder), and the Java heap in use after a full GC (docs/performance.md).
#   benchmarks/scripts/memory.sh [groups, 1000]     after ./mvnw -q package -DskipTests
source "$(dirname "$0")/distribution.sh"
groups="${1:-1000}"
export PYRA_API_TOKEN=bench-token-0123456789abcdef
port=18090
cat > "$data/config.json" <<JSON
{"exchanges": {"paper": {"startingBalances": {"USDT": "100000000"}}}, "pool": {"maxActiveGroups": $groups},
 "webhook": {"rateLimitPerMinute": 1000000}}
JSON
"$pyra/bin/pyra" --data-dir "$data" --ui-port $port --webhook-port $((port + 1)) > "$data/console.log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/api/v1/health" 2>/dev/null | grep -q '"status":"up"'; do
  kill -0 $pid 2>/dev/null || { cat "$data/console.log"; exit 1; }; sleep 0.1
done
measure() { # JVM RSS, PostgreSQL's processes' RSS summed (shared buffers counted in each), heap in use after a full GC
  local pm=$(head -1 "$data/pgdata/postmaster.pid") jvm=$(ps -o rss= -p $pid)
  local pg=$(( $(ps -o rss= -p "$pm") + $(ps -o rss= --ppid "$pm" | awk '{s += $1} END {print s + 0}') ))
  local jcmd="$pyra/runtime/bin/jcmd"; [ -x "$jcmd" ] || jcmd="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd"
  local heap=$("$jcmd" $pid GC.run > /dev/null 2>&1 && "$jcmd" $pid GC.heap_info 2>/dev/null | sed -n '/heap/s/.*used \([0-9]*\)K.*/\1/p' | head -1)
  echo "JVM RSS $((jvm / 1024)) MB, heap in use after a full GC $([ -n "$heap" ] && echo "$((heap / 1024)) MB" || echo n/a), PostgreSQL RSS $((pg / 1024)) MB"
}
machine
sleep 10
echo "idle: $(measure)"
# the paper venue fills at its last price: one tick first
curl -fs -o /dev/null -H "Authorization: Bearer $PYRA_API_TOKEN" -H 'Content-Type: application/json' \
  -d '[{"symbol":"BTCUSDT","price":"60000"}]' "http://127.0.0.1:$port/api/v1/paper/ticks"
seq 1 "$groups" | xargs -P 8 -I{} curl -fs -o /dev/null -H 'Content-Type: application/json' \
  -d '{"secret":"bench","exchange":"paper","symbol":"BTCUSDT","timeframe":"{}","action":"buy","price":"60000","id":"m-{}"}' \
  "http://127.0.0.1:$((port + 1))/webhook"
# every webhook was answered; the engine has decided them all once its queue is empty
until curl -fs "http://127.0.0.1:$port/api/v1/health" | grep -q '"pendingEvents":0'; do sleep 0.5; done
open=$(curl -fs -H "Authorization: Bearer $PYRA_API_TOKEN" "http://127.0.0.1:$port/api/v1/groups?status=open&limit=1" | sed -n 's/.*"open":\([0-9]*\).*/\1/p')
sleep 10
echo "$open open groups (of $groups signals): $(measure)"
