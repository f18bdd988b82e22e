#!/usr/bin/env bash
# Prefect 2.14's client: a flow of N sequential task calls and one of N mapped tasks, against
# `orion server` and against Prefect's own server, in one run so both share the machine's load.
# ORION_PREFECT_PEER names a directory made by ../shared/prefect-peer/setup.sh.
#   scripts/bench/prefect-client.sh [n] [runs]      (default 100 tasks, 3 runs each)
exec "$(dirname "$0")/prefect-servers.sh" "${2:-3}" scripts/bench/prefect_client_flow.py "${1:-100}"
