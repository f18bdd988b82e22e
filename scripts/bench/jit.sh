#!/usr/bin/env bash
# Guest code speed and cold start, with the Graal JIT (ORION_JIT=on) and without (off), against
# CPython and Node, all in one run so the ratios share the machine's load. Prints one line each.
# "before" is the JIT as ./orion started it until 2026-12-06: the compiler on --upgrade-module-path,
# so without the AOT cache. Then the loops run after run in one JVM with the JIT (JitWarmup.java).
#   scripts/bench/jit.sh [runs]      (default 3; medians)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
RUNS="${1:-3}"
HOME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/orion-bench-jit.XXXXXX")"
trap 'rm -rf "$HOME_DIR"' EXIT
export ORION_HOME="$HOME_DIR"
unset ORION_DATABASE_URL ORION_API_URL
./orion db upgrade >/dev/null   # builds the jar, the AOT cache and the database first
ORION_JIT=on ./orion --version >/dev/null   # links host/target/jit-jdk and trains its AOT cache
BEFORE=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -Xlog:disable -Xlog:all=warning:stderr -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI
  --upgrade-module-path=host/target/jit -jar host/target/orion.jar)
# orion MODE ARGS...: ./orion with ORION_JIT=MODE, or the "before" command line.
orion() { local mode="$1"; shift; if [ "$mode" = before ]; then "${BEFORE[@]}" "$@"; else ORION_JIT=$mode ./orion "$@"; fi; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
wall() { local t0; t0="$(date +%s.%N)"; "$@" >/dev/null 2>&1; awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", b - a }'; }
# The task run's own duration (ms) from `orion run --json` (flow run duration: one task, the loop).
task_ms() { "$@" --json 2>/dev/null | sed -n 's/.*"duration_ms":\([0-9]*\).*/\1/p'; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in off before on; do
  js=(); py=()
  for _ in $(seq "$RUNS"); do
    js+=("$(task_ms orion "$mode" run scripts/bench/loop.js)")
    py+=("$(task_ms orion "$mode" run scripts/bench/loop.py)")
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
for mode in off before on; do
  hj=(); hp=()
  for _ in $(seq "$RUNS"); do
    hj+=("$(wall orion "$mode" run scripts/hello.js)")
    hp+=("$(wall orion "$mode" run scripts/hello.py)")
  done
  echo "JIT $mode: cold ./orion run scripts/hello.js $(printf '%s\n' "${hj[@]}" | median) s, scripts/hello.py $(printf '%s\n' "${hp[@]}" | median) s (median of $RUNS)"
done
JIT_JAVA=(host/target/jit-jdk/"$(basename "$JAVA_HOME")"/bin/java --enable-native-access=ALL-UNNAMED
  --sun-misc-unsafe-memory-access=allow -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI
  --module-path=host/target/jit --add-modules=jdk.graal.compiler -cp "host/target/lib/*")
echo "JIT on, one JVM, run after run: JS loop (30M) $("${JIT_JAVA[@]}" scripts/bench/JitWarmup.java js 30000000 5 2>/dev/null | sed -n 's/^run [0-9]*: \([0-9]*\) ms.*/\1/p' | paste -s -d' ') ms"
echo "JIT on, one JVM, run after run: Python loop (3M) $("${JIT_JAVA[@]}" scripts/bench/JitWarmup.java python 3000000 5 2>/dev/null | sed -n 's/^run [0-9]*: \([0-9]*\) ms.*/\1/p' | paste -s -d' ') ms"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
