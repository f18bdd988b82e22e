#!/usr/bin/env bash
# The same Prefect 2 flow file (scripts/bench/prefect_flow.py) under `orion run` and under the real
# Prefect 2.14 (a peer made by ../shared/prefect-peer/setup.sh; ORION_PREFECT_PEER names it), all in
# one run so the ratios share the machine's load. Wall time of the whole command, and task runs per
# second of the flow run alone (Orion: the run's duration_ms; Prefect: timed around the
# flow call, after a warm-up call with n=1 that starts its ephemeral API).
#   scripts/bench/prefect.sh [n] [runs]      (default 200 task runs per flow, 3 runs; medians)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-200}"
RUNS="${2:-3}"
PEER="${ORION_PREFECT_PEER:?set ORION_PREFECT_PEER to a directory made by ../shared/prefect-peer/setup.sh}"
HOME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/orion-bench-prefect.XXXXXX")"
trap 'rm -rf "$HOME_DIR"' EXIT
export ORION_HOME="$HOME_DIR/orion"
unset ORION_DATABASE_URL ORION_API_URL
./orion db upgrade >/dev/null   # builds the jar and the database first

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
FILE=scripts/bench/prefect_flow.py

orion_once() {  # prints "wall_s flow_ms"
  local start end ms
  start=$(date +%s.%N)
  ms=$(./orion run "$FILE:$1" --param n="$N" --json 2>/dev/null | sed -n 's/.*"duration_ms":\([0-9]*\).*/\1/p')
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) $ms"
}

prefect_once() {  # prints "wall_s flow_ms"
  (source "$PEER/env.sh"; export PREFECT_HOME="$HOME_DIR/prefect" PREFECT_LOGGING_LEVEL=WARNING
   start=$(date +%s.%N)
   ms=$(python3 -c '
import asyncio, importlib.util, sys, time
spec = importlib.util.spec_from_file_location("bench", sys.argv[1]); m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
f = getattr(m, sys.argv[2]); n = int(sys.argv[3])
w = f(1)  # starts the ephemeral API first, as Orion has its store open before the run
if asyncio.iscoroutine(w): asyncio.run(w)
t = time.perf_counter()
r = f(n)
if asyncio.iscoroutine(r): asyncio.run(r)
print(int((time.perf_counter() - t) * 1000))' "$FILE" "$1" "$N" 2>/dev/null | tail -n 1)
   end=$(date +%s.%N)
   echo "$(echo "$end - $start" | bc) $ms")
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $N task runs per flow, median of $RUNS"
for flow in mapped gathered; do
  for engine in orion prefect; do
    walls=(); mss=()
    for _ in $(seq "$RUNS"); do
      read -r w ms < <("${engine}_once" "$flow")
      walls+=("$w"); mss+=("$ms")
    done
    wall=$(printf '%s\n' "${walls[@]}" | median); ms=$(printf '%s\n' "${mss[@]}" | median)
    echo "$flow under $engine: command ${wall} s, flow run ${ms} ms, $(echo "scale=0; $N * 1000 / $ms" | bc) task runs/s"
  done
done
