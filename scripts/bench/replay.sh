#!/usr/bin/env bash
# Policy replay of N recorded task runs (default 10,000) under a candidate policy (see BENCHMARKS.md).
# Usage: scripts/bench/replay.sh [N] [jdbc-url]
exec "$(dirname "$0")/java-main.sh" dev.orion.host.bench.ReplayBenchmark -- "$@"
