#!/usr/bin/env bash
# Where the suite's time goes, read from the surefire and failsafe reports a `mvn -B verify` left
# in every module's target/: the slowest test classes (wall seconds of each class in its JVM, with
# its module and test count) and each module's total. A class's seconds add up across JVMs running
# at once, so a module's total is more than the wall time it took.
#   scripts/ci/slowest.sh [N]   (N slowest classes, default 25; ROOT defaults to this repository)
set -euo pipefail

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)}"
TOP="${1:-25}"
case "$TOP" in
  ''|*[!0-9]*) echo "usage: scripts/ci/slowest.sh [N]   (N slowest test classes)" >&2; exit 2 ;;
esac

mapfile -d '' REPORTS < <(find "$ROOT" -path '*/target/*-reports/TEST-*.xml' -not -path '*/soak/*' -print0)
if [ "${#REPORTS[@]}" -eq 0 ]; then
  echo "slowest: no TEST-*.xml under $ROOT/*/target/*-reports: run mvn -B verify first" >&2
  exit 1
fi

# One line per report: seconds, module, kind (surefire/failsafe), tests, class.
for report in "${REPORTS[@]}"; do
  dir="${report%/target/*}"
  module="${dir#"$ROOT"}"; module="${module#/}"; module="${module:-.}"
  kind="$(basename "$(dirname "$report")")"; kind="${kind%-reports}"
  awk -v module="$module" -v kind="$kind" '
    /<testsuite[ >]/ {
      t = ""; n = ""; c = "";
      if (match($0, / time="[^"]*"/)) t = substr($0, RSTART + 7, RLENGTH - 8);
      if (match($0, / tests="[^"]*"/)) n = substr($0, RSTART + 8, RLENGTH - 9);
      if (match($0, / name="[^"]*"/)) c = substr($0, RSTART + 7, RLENGTH - 8);
      gsub(/,/, "", t);
      printf "%s\t%s\t%s\t%s\t%s\n", t + 0, module, kind, n + 0, c;
      exit
    }' "$report"
done > "${TMPDIR:-/tmp}/slowest.$$"
trap 'rm -f "${TMPDIR:-/tmp}/slowest.$$"' EXIT

echo "Slowest $TOP test classes (seconds in their JVM):"
sort -t$'\t' -k1,1 -g -r "${TMPDIR:-/tmp}/slowest.$$" | head -n "$TOP" |
  awk -F'\t' '{ printf "%8.1f  %-28s %-9s %5d  %s\n", $1, $2, $3, $4, $5 }'
echo
echo "Per module (seconds summed over classes; classes; tests):"
awk -F'\t' '
  { key = $2 " " $3; s[key] += $1; c[key]++; n[key] += $4 }
  END { for (k in s) printf "%8.1f  %-38s %4d %6d\n", s[k], k, c[k], n[k] }' "${TMPDIR:-/tmp}/slowest.$$" | sort -g -r
awk -F'\t' '{ all += $1; tests += $4 }
  END { printf "%8.1f  %-38s %4d %6d\n", all, "(all)", NR, tests }' "${TMPDIR:-/tmp}/slowest.$$"
