#!/usr/bin/env bash
# How fast the web UI opens in headless Chromium (see BENCHMARKS.md).
# Usage: scripts/bench/ui.sh [task runs, default 10000]
exec "$(dirname "$0")/java-main.sh" dev.orion.host.server.UiBenchmark -- "$@"
