#!/usr/bin/env bash
# make bench: starts the release build under gamenight-run in a temporary
# DATA_DIR and runs each benchmark against it. Prints numbers; asserts
# nothing. Record results with the date in bench/RESULTS.md.
# monitor_bench.py starts its own system against a fake ecast.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 bench/http_bench.py "$@"
# Its own system: p99 of a normal load with and without 1,000 slow-loris connections.
python3 bench/slow_clients.py
# Its own system and fake ecast: one monitor-service instance, 1,000 rooms.
python3 bench/monitor_bench.py
