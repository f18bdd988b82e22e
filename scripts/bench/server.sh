#!/usr/bin/env bash
# The server: set_state requests per second from 1 and 16 client threads, and remote task runs per second (see BENCHMARKS.md).
# Usage: scripts/bench/server.sh [extra JVM flags]   (default heap: -Xmx1g; -Dorion.bench.scale=0.2 for a fifth of the requests)
exec "$(dirname "$0")/java-main.sh" dev.orion.host.bench.ServerBenchmark "$@" --
