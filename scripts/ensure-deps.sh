#!/usr/bin/env bash
# Installs what gamenight needs on a fresh Debian machine, only when it is
# missing: the two system libraries of the design card (always), and the
# tools the tests (--test), browser tests (--browser: headless Chromium and
# its WebDriver) or benchmarks (--bench) use.
set -euo pipefail

want=(libsqlite3-dev libcurl4-openssl-dev)
case "${1:-}" in
  --test) want+=(curl) ;;
  --bench) want+=(curl wrk) ;;
  --browser) want+=(curl chromium chromium-driver) ;;
  --systemd-test) want+=(curl debootstrap systemd-container) ;;
esac

missing=()
for package in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--browser" ]; then
  python3 -c 'import pytest' 2>/dev/null || python3 -m pip install -q pytest
  python3 -c 'import websockets' 2>/dev/null || python3 -m pip install -q websockets
  python3 -c 'import openapi_spec_validator' 2>/dev/null || python3 -m pip install -q openapi-spec-validator
fi
if [ "${1:-}" = "--browser" ]; then
  python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q selenium
fi
exit 0
