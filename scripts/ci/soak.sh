#!/usr/bin/env bash
# Runs the whole test suite (.ci/run, i.e. `mvn -B verify`) N times in a row while two busy
# threads load the CPUs, then prints each test that failed with how often, and each run's wall
# time. A test that fails here depends on timing: fix its cause, never retry it.
#   scripts/ci/soak.sh 3
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
RUNS="${1:-3}"
case "$RUNS" in
  ''|*[!0-9]*) echo "usage: scripts/ci/soak.sh N   (N runs of the whole suite)" >&2; exit 2 ;;
esac
OUT="$ROOT/target/soak"
rm -rf "$OUT" && mkdir -p "$OUT"

BUSY=()
stop_load() {
  for pid in "${BUSY[@]}"; do kill "$pid" 2>/dev/null; done
}
trap stop_load EXIT
for _ in 1 2; do
  ( while :; do :; done ) &
  BUSY+=("$!")
done
echo "soak: $RUNS run(s) of the suite with two busy threads (pids ${BUSY[*]}); logs in $OUT" >&2

# Every failed or errored test case of the run's surefire and failsafe reports, one per line.
failed_tests() {
  find "$ROOT" -path '*/target/*-reports/TEST-*.xml' -print0 | xargs -0 -r awk '
    /<testcase / {
      name = ""; cls = "";
      if (match($0, /name="[^"]*"/)) name = substr($0, RSTART + 6, RLENGTH - 7);
      if (match($0, /classname="[^"]*"/)) cls = substr($0, RSTART + 11, RLENGTH - 12);
    }
    /<(failure|error)[ >]/ { print cls "." name }'
}

passed=0
for i in $(seq 1 "$RUNS"); do
  find "$ROOT" -path '*/target/*-reports' -type d -prune -exec rm -rf {} + 2>/dev/null
  start=$(date +%s)
  "$ROOT/.ci/run" >"$OUT/run-$i.log" 2>&1
  code=$?
  wall=$(( $(date +%s) - start ))
  failed_tests | sort -u >"$OUT/failed-$i.txt"
  if [ "$code" -eq 0 ]; then
    passed=$((passed + 1))
    verdict="passed"
  else
    verdict="FAILED (exit $code, $(wc -l <"$OUT/failed-$i.txt") test(s))"
  fi
  printf 'run %d: %s in %dm%02ds\n' "$i" "$verdict" $((wall / 60)) $((wall % 60)) | tee -a "$OUT/summary.txt"
done

echo "---" | tee -a "$OUT/summary.txt"
if cat "$OUT"/failed-*.txt | grep -q .; then
  echo "tests that failed (times out of $RUNS runs):" | tee -a "$OUT/summary.txt"
  cat "$OUT"/failed-*.txt | sort | uniq -c | sort -rn | tee -a "$OUT/summary.txt"
else
  echo "no test failed" | tee -a "$OUT/summary.txt"
fi
echo "$passed of $RUNS run(s) passed" | tee -a "$OUT/summary.txt"
[ "$passed" -eq "$RUNS" ]
