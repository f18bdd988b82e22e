#!/usr/bin/env bash
# Issue #21's scale benchmark (see BENCHMARKS.md): one flow mapping N trivial task runs with a fixed
# heap (-Xmx1g), K flows mapping N/K each, the raw batched JDBC bound, and a map over an
# `orion server` this script starts on a free port (SERVER_N task runs; SERVER_N=0 skips it).
# Usage: scripts/bench/scale.sh [N=1000000] [K=16]
#   env: SERVER_N (default 100000), FLOWS_N (task runs of the K flows together, default N), HEAP (default 1g)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000000}"; K="${2:-16}"; SERVER_N="${SERVER_N:-100000}"; FLOWS_N="${FLOWS_N:-$N}"; HEAP="${HEAP:-1g}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
echo "load at start: $(cat /proc/loadavg)"
URL=""
if [ "$SERVER_N" != 0 ]; then
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  SERVER_HOME="$(mktemp -d "${TMPDIR:-/tmp}/orion-scale-server.XXXXXX")"
  ORION_HOME="$SERVER_HOME" ORION_JAVA_OPTS="-Xmx$HEAP" ./orion server start --port "$PORT" \
    >"$SERVER_HOME/server.log" 2>&1 &
  SERVER_PID=$!
  trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
  URL="http://127.0.0.1:$PORT/api"
  for _ in $(seq 1 240); do
    curl -fs "$URL/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited:"; cat "$SERVER_HOME/server.log"; exit 1; }
    sleep 0.5
  done
fi
"$(dirname "$0")/java-main.sh" dev.orion.host.bench.ScaleBenchmark "-Xmx$HEAP" -- "$N" "$K" "$URL" "$SERVER_N" "$FLOWS_N"
echo "load at end: $(cat /proc/loadavg)"
