#!/usr/bin/env bash
# What metrics cost on the orchestrator's write path: rounds with and without a Prometheus
# registry, alternated in one process (see BENCHMARKS.md).
# Usage: scripts/bench/metrics.sh [N] [PAIRS] [jdbc-url] [local|shared]
exec "$(dirname "$0")/java-main.sh" dev.orion.host.bench.MetricsCostBenchmark -- "$@"
