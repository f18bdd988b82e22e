#!/usr/bin/env bash
# Guest code speed and cold start, with the Graal JIT (ORION_JIT=on) and without (off), against
# CPython and Node, all in one run so the ratios share the machine's load. Prints one line each.
#   scripts/bench/jit.sh [runs]      (default 3; medians)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-3}"
HOME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/orion-bench-jit.XXXXXX")"
trap 'rm -rf "$HOME_DIR"' EXIT
export ORION_HOME="$HOME_DIR"
unset ORION_DATABASE_URL ORION_API_URL
./orion db upgrade >/dev/null   # builds the jar, the AOT cache and the database first

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
wall() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -n 1; }
# The task run's own duration (ms) from `orion run --json` (flow run duration: one task, the loop).
task_ms() { "$@" --json 2>/dev/null | sed -n 's/.*"duration_ms":\([0-9]*\).*/\1/p'; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in off on; do
  js=(); py=()
  for _ in $(seq "$RUNS"); do
    js+=("$(ORION_JIT=$mode task_ms ./orion run scripts/bench/loop.js)")
    py+=("$(ORION_JIT=$mode task_ms ./orion run scripts/bench/loop.py)")
  done
  echo "JIT $mode: JS loop (30M) $(printf '%s\n' "${js[@]}" | median) ms, Python loop (3M) $(printf '%s\n' "${py[@]}" | median) ms (flow run, median of $RUNS)"
done
node_ms=(); cpy_ms=()
for _ in $(seq "$RUNS"); do
  node_ms+=("$(node -e 'const t=process.hrtime.bigint(); let s=0; for (let i=0;i<30000000;i++) s+=(i*i)%7; console.log(Number(process.hrtime.bigint()-t)/1e6|0)')")
  cpy_ms+=("$(python3 -c 'import time
t=time.perf_counter(); s=0
for i in range(3_000_000): s += i*i % 7
print(int((time.perf_counter()-t)*1000))')")
done
echo "Node: JS loop $(printf '%s\n' "${node_ms[@]}" | median) ms; CPython: Python loop $(printf '%s\n' "${cpy_ms[@]}" | median) ms (median of $RUNS)"
for mode in off on; do
  hj=(); hp=()
  for _ in $(seq "$RUNS"); do
    hj+=("$(ORION_JIT=$mode wall ./orion run scripts/hello.js)")
    hp+=("$(ORION_JIT=$mode wall ./orion run scripts/hello.py)")
  done
  echo "JIT $mode: cold ./orion run scripts/hello.js $(printf '%s\n' "${hj[@]}" | median) s, scripts/hello.py $(printf '%s\n' "${hp[@]}" | median) s (median of $RUNS)"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
