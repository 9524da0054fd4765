#!/usr/bin/env bash
# make bench: starts the release build under gamenight-run in a temporary
# DATA_DIR and runs each benchmark against it. Prints numbers; asserts
# nothing. Record results with the date in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/http_bench.py "$@"
