#!/usr/bin/env bash
# Engine throughput with every state persisted to SQLite (see BENCHMARKS.md).
# Usage: scripts/bench/engine.sh [extra JVM flags]   (default heap: -Xmx1g)
exec "$(dirname "$0")/java-main.sh" dev.orion.host.bench.EngineBenchmark "$@" --
