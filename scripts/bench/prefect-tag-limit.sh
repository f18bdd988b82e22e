#!/usr/bin/env bash
# Prefect 2.14's client: 6 tasks tagged with a concurrency limit of 2 (each 50 ms), against
# `orion server` and against Prefect's own server, in one run so both share the machine's load.
# ORION_PREFECT_PEER names a directory made by ../shared/prefect-peer/setup.sh.
#   scripts/bench/prefect-tag-limit.sh [runs]      (default 3 runs each)
exec "$(dirname "$0")/prefect-servers.sh" "${1:-3}" scripts/bench/prefect_tag_limit.py
