#!/usr/bin/env bash
# Dispatch latency: an idle worker (default poll), N deployment runs created through the API, created -> Running p50/p99 (see BENCHMARKS.md).
# Usage: scripts/bench/dispatch.sh [N]   (SQLite in a temporary home, or the database at ORION_DATABASE_URL)
exec "$(dirname "$0")/java-main.sh" dev.orion.host.bench.DispatchBenchmark -- "$@"
