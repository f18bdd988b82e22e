#!/usr/bin/env bash
# CPU-bound mapped tasks of one flow on clusters of 1, 2 and 3 members (taskrunner-hazelcast), each
# member a worker JVM pinned to one core with taskset (on 2 cores the third shares core 0). The three
# clusters stand side by side and take turns, one flow run each per round, so every round's ratios
# see the same load from whatever else the machine runs; prints the median speed-ups over 1 member
# and the load (see BENCHMARKS.md).
# Usage: scripts/bench/cluster.sh [TASKS] [ITERATIONS_PER_TASK] [ROUNDS]   (default: 24 200000000 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
tasks="${1:-24}"; iterations="${2:-200000000}"; rounds="${3:-5}"
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
cores=$(nproc)
echo "building (the plugin jar and the host's class path)..."
mvn -B -q -o -pl plugins/taskrunner-hazelcast -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile=target/cluster.cp -Dmdep.includeScope=runtime >/dev/null
CP="host/target/classes:plugin-api/target/classes:$(cat host/target/cluster.cp)"

work=$(mktemp -d /tmp/orion-cluster-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
java_cmd=("$JAVA_HOME/bin/java" -Xmx512m --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -cp "$CP" dev.orion.host.cli.Main)

mkdir -p "$work/plugins" && cp plugins/taskrunner-hazelcast/target/taskrunner-hazelcast.jar "$work/plugins/"
port=$(free_port); api="http://127.0.0.1:$port/api"
ORION_HOME="$work/server" "${java_cmd[@]}" server start --port "$port" >"$work/server.log" 2>&1 & pids+=($!)
until curl -sf "$api/health" >/dev/null; do sleep 0.2; done

# member NAME CORE CLUSTER PORT MEMBERS QUEUE: a worker that is a cluster member, pinned to one core.
member() {
  ORION_HOME="$work/$1" ORION_API_URL="$api" ORION_PLUGINS_DIR="$work/plugins" ORION_CLUSTER_SECRET=bench \
    ORION_CLUSTER_PORT="$4" ORION_CLUSTER_MEMBERS="$5" \
    taskset -c "$2" "${java_cmd[@]}" worker start --queue "$6" --poll 0.1s --name "$1" --cluster "$3" \
    >"$work/$1.log" 2>&1 & pids+=($!)
  until grep -q "is a member of cluster" "$work/$1.log"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$1.log"; exit 1; }; sleep 0.2
  done
}
# cluster SIZE: SIZE members on cores 0, 1, 0...; the first claims the flow runs of queue sizeN.
cluster() {
  local ports=() list="" i
  for i in $(seq "$1"); do ports+=("$(free_port)"); list+="${list:+,}127.0.0.1:${ports[-1]}"; done
  for i in $(seq "$1"); do
    member "c$1-m$i" $(((i - 1) % cores)) "size$1" "${ports[$((i - 1))]}" "$list" "$([[ $i == 1 ]] && echo "size$1" || echo idle)"
  done
}

cat >"$work/Burn.java" <<'JAVA'
import dev.orion.api.*;
import java.util.List;
import java.util.stream.IntStream;

public class Burn {
    /** A fixed amount of CPU work (xorshift steps), so its time grows with the machine's load, not a clock. */
    static final Task<Long> burn = Task.of("burn", (Integer i, Long steps) -> {
        long x = 88172645463325252L + i;
        for (long k = 0; k < steps; k++) {
            x ^= x << 13; x ^= x >>> 7; x ^= x << 17;
        }
        return x;
    });

    public static final Flow<Long> burnAll = Flow.of("burn-all", (Integer n, Long steps) ->
            burn.map(IntStream.range(0, n).boxed().toList(), Task.unmapped(steps)).stream()
                    .mapToLong(TaskFuture::result).reduce(0L, Long::sum))
            .withTaskRunner(TaskRunnerSpec.named("hazelcast"));
}
JAVA
for size in 1 2 3; do
  ORION_API_URL="$api" ORION_HOME="$work/cli" "${java_cmd[@]}" deployment create "$work/Burn.java" --name "burn$size" \
    --queue "size$size" >/dev/null
done

# run_once SIZE: one flow run on that cluster; prints its duration in seconds (the server's start and end times).
run_once() {
  local id
  id=$(ORION_API_URL="$api" ORION_HOME="$work/cli" "${java_cmd[@]}" deployment run "burn$1" --param "n=$tasks" \
    --param "steps=$iterations" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  python3 - "$api" "$id" <<'PY'
import json, sys, time, urllib.request
from datetime import datetime
api, run = sys.argv[1], sys.argv[2]
while True:
    r = json.load(urllib.request.urlopen(f"{api}/flow_runs/{run}"))
    if r["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
        break
    time.sleep(0.1)
if r["state"]["type"] != "COMPLETED":
    sys.exit(f"flow run {run} ended {r['state']['type']}: {r['state'].get('message')}")
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
print(f"{(t(r['end_time']) - t(r['start_time'])).total_seconds():.2f}")
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $cores cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$tasks tasks of $iterations xorshift steps each; $rounds rounds, each one flow run per cluster size"
for size in 1 2 3; do cluster "$size"; run_once "$size" >/dev/null; done   # warm-up: compiles the flow on every member
: >"$work/times"
for r in $(seq "$rounds"); do
  t1=$(run_once 1); t2=$(run_once 2); t3=$(run_once 3)
  echo "round $r: 1 member ${t1} s, 2 members ${t2} s, 3 members ${t3} s (load $(cut -d' ' -f1 /proc/loadavg))"
  echo "$t1 $t2 $t3" >>"$work/times"
done
col() { awk -v c="$1" '{print $c}' "$work/times" | median; }
echo "median: 1 member $(col 1) s, 2 members $(col 2) s, 3 members $(col 3) s"
echo "median speed-up over 1 member (per round): 2 members $(awk '{printf "%.2f\n", $1/$2}' "$work/times" | median)x," \
  "3 members $(awk '{printf "%.2f\n", $1/$3}' "$work/times" | median)x"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
