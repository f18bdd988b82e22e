#!/usr/bin/env bash
# Loading a Python flow file in a new ScriptHost: on the JVM's shared polyglot engine vs an engine
# of its own (see ScriptHostBenchmark). Usage: scripts/bench/script-hosts.sh [loads] [file.py]
exec "$(dirname "$0")/java-main.sh" dev.orion.host.bench.ScriptHostBenchmark -- "$@"
