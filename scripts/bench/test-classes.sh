#!/usr/bin/env bash
# Wall and CPU time of test classes, each run alone in one fork (`-Dorion.test.forks=1`), one
# after the other so they share the machine's load; prints one line per class and the sum, with
# the load average at start and end. Needs the environment of HELPERS/README (JAVA_HOME,
# ORION_PREFECT_PEER, ORION_TEST_POSTGRES_URL).
#   scripts/bench/test-classes.sh ClassA ClassB ...
set -u
cd "$(dirname "$0")/../.."
out=target/bench-test-classes
mkdir -p "$out"
echo "load at start: $(cat /proc/loadavg)"
printf '%-36s %8s %8s %9s %s\n' class wall_s cpu_s tests_s result
total_wall=0 total_cpu=0
for c in "$@"; do
  /usr/bin/time -f '%e %U %S' -o "$out/$c.time" mvn -B -o -pl host -am -Dtest="$c" \
    -Dsurefire.failIfNoSpecifiedTests=false -Dorion.test.forks=1 verify -DskipITs >"$out/$c.log" 2>&1
  rc=$?
  read -r wall user sys < <(tail -1 "$out/$c.time")
  cpu=$(echo "$user + $sys" | bc)
  report="host/target/surefire-reports/TEST-$(find host/src/test/java -name "$c.java" | sed 's#host/src/test/java/##; s#/#.#g; s#\.java$##').xml"
  tests=$(grep -o 'testsuite [^>]*time="[0-9.]*"' "$report" 2>/dev/null | grep -o 'time="[0-9.]*"' | head -1 | tr -dc '0-9.')
  printf '%-36s %8s %8s %9s %s\n' "$c" "$wall" "$cpu" "${tests:-?}" "$([ $rc = 0 ] && echo ok || echo "FAILED (rc $rc, $out/$c.log)")"
  total_wall=$(echo "$total_wall + $wall" | bc); total_cpu=$(echo "$total_cpu + $cpu" | bc)
done
printf '%-36s %8s %8s\n' SUM "$total_wall" "$total_cpu"
echo "load at end: $(cat /proc/loadavg)"
