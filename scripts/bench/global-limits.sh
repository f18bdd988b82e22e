#!/usr/bin/env bash
# 10 concurrent tasks through a global concurrency limit of 2, embedded and through a server (see BENCHMARKS.md).
# Usage: scripts/bench/global-limits.sh [extra JVM flags]
exec "$(dirname "$0")/java-main.sh" dev.orion.host.bench.GlobalLimitBenchmark "$@" --
