#!/usr/bin/env bash
# A Python file with Prefect 2.14's client (it prints a line "RESULT ..."), run against
# `orion server` and against Prefect's own server, in one run so both share the machine's load.
# ORION_PREFECT_PEER names a directory made by ../shared/prefect-peer/setup.sh.
#   scripts/bench/prefect-servers.sh RUNS FILE [ARGS...]   (prefect-tag-limit.sh and prefect-client.sh use it)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:?usage: prefect-servers.sh RUNS FILE [ARGS...]}"
FILE="${2:?usage: prefect-servers.sh RUNS FILE [ARGS...]}"
shift 2
PEER="${ORION_PREFECT_PEER:?set ORION_PREFECT_PEER to a directory made by ../shared/prefect-peer/setup.sh}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/orion-bench-prefect-servers.XXXXXX")"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_health() { for _ in $(seq 1 240); do curl -sf "$1/health" >/dev/null && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }

unset ORION_DATABASE_URL ORION_API_URL
ORION_PORT=$(free_port)
ORION_HOME="$WORK/orion" ./orion server start --port "$ORION_PORT" >"$WORK/orion.log" 2>&1 &
PIDS+=("$!")
PREFECT_PORT=$(free_port)
PREFECT_HOME="$WORK/prefect" "$PEER/start-server.sh" "$PREFECT_PORT" >"$WORK/prefect.log" 2>&1 &
PIDS+=("$!")
wait_health "http://127.0.0.1:$ORION_PORT/api"
wait_health "http://127.0.0.1:$PREFECT_PORT/api"

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $FILE $*, $RUNS runs each"
for server in orion prefect; do
  port=$ORION_PORT; [ "$server" = prefect ] && port=$PREFECT_PORT
  for i in $(seq 1 "$RUNS"); do
    (source "$PEER/env.sh"; PREFECT_API_URL="http://127.0.0.1:$port/api" PREFECT_HOME="$WORK/client" \
      PREFECT_LOGGING_LEVEL=WARNING python3 "$FILE" "$@" | sed -n "s/^RESULT /$server run $i: /p")
  done
done
