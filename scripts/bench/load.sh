#!/usr/bin/env bash
# The load and fault test at full size: servers and workers as child JVMs, one worker SIGKILLed and
# one server killed and restarted mid-run (see BENCHMARKS.md). Needs ORION_TEST_POSTGRES_URL for PostgreSQL.
# Usage: scripts/bench/load.sh [RUNS] [postgresql|sqlite]   (default: 2000 postgresql)
exec "$(dirname "$0")/java-main.sh" dev.orion.host.load.LoadAndFaultRun -- "$@"
