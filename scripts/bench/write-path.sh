#!/usr/bin/env bash
# The write path of issue #21: map N trivial task runs on SQLite, the writer thread's CPU per
# task run, and the raw batched JDBC bound in the same process (see BENCHMARKS.md).
# Usage: scripts/bench/write-path.sh [N] [rounds] [-- extra JVM flags]   (default: 100000 3, -Xmx1g)
n="${1:-100000}"; rounds="${2:-3}"; shift $(( $# > 2 ? 2 : $# )); [[ "${1:-}" == "--" ]] && shift
exec "$(dirname "$0")/java-main.sh" dev.orion.host.bench.WritePathBenchmark "$@" -- "$n" "$rounds"
