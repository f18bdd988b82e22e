#!/usr/bin/env bash
# Orchestrator write path, no rules (see BENCHMARKS.md).
# Usage: scripts/bench/orchestrator.sh [N] [jdbc-url] [local|shared] [threads]
exec "$(dirname "$0")/java-main.sh" dev.orion.host.bench.OrchestratorBenchmark -- "$@"
