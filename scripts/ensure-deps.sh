#!/usr/bin/env bash
# Installs what gamenight needs on a fresh Debian machine, only when it is
# missing: the two system libraries of the design card (always), and the
# tools the tests (--test: curl, pytest, websockets, openapi-spec-validator,
# schemathesis), the fault tests (--faults: mount, mkfs.ext4, e2fsck),
# browser tests (--browser: headless Chromium, its WebDriver, selenium) or
# benchmarks (--bench) use. Flags combine: `--test --faults --browser`.
set -euo pipefail

want=(libsqlite3-dev libcurl4-openssl-dev)
python=()
for flag in "$@"; do
  case "$flag" in
    --test) want+=(curl); python+=(pytest websockets openapi_spec_validator schemathesis) ;;
    --faults) want+=(curl e2fsprogs mount); python+=(pytest websockets openapi_spec_validator) ;;
    --browser) want+=(curl chromium chromium-driver); python+=(pytest websockets openapi_spec_validator selenium) ;;
    --bench) want+=(curl wrk) ;;
    --systemd-test) want+=(curl debootstrap systemd-container) ;;
    *) echo "ensure-deps: unknown flag $flag" >&2; exit 2 ;;
  esac
done

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

# PyPI packages, by import name; each installed once when missing.
for module in $(printf '%s\n' "${python[@]}" | sort -u); do
  case "$module" in
    # Tests/integration/test_schemathesis.py uses schemathesis 4's Python
    # API (openapi.from_path, parametrize, as_state_machine, FailureGroup);
    # 4.32 is the version it was written against (Python 3.11).
    schemathesis)
      python3 -c 'import sys, schemathesis as s; v = tuple(int(p) for p in s.__version__.split(".")[:2]); sys.exit(not (4, 32) <= v < (5, 0))' 2>/dev/null \
        || python3 -m pip install -q 'schemathesis>=4.32,<5' ;;
    openapi_spec_validator) python3 -c 'import openapi_spec_validator' 2>/dev/null || python3 -m pip install -q openapi-spec-validator ;;
    *) python3 -c "import $module" 2>/dev/null || python3 -m pip install -q "$module" ;;
  esac
done
exit 0
