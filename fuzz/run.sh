#!/usr/bin/env bash
# make fuzz: builds the fuzz targets, runs each for FUZZ_SECONDS (default 60)
# and prints one summary line per target:
#
#   target  execs  exec/s  corpus-size  result  cov  ft
#
# Exits non-zero when any target crashed, leaked, hung (-timeout=10 s per
# input), ran out of memory (-rss_limit_mb=2048) or failed a property.
#
#   FUZZ_SECONDS=300 fuzz/run.sh            every target, 5 minutes each
#   fuzz/run.sh JSON CSV                    just these
#
# Inputs that reach new coverage go to .build-fuzz/corpus/<target> (kept
# between local runs, never committed); the seeds in fuzz/corpus/<target>
# are read, not written. Crashing inputs go to .build-fuzz/artifacts/<target>/,
# logs to .build-fuzz/logs/<target>.log.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${FUZZ_BUILD_DIR:-$root/.build-fuzz}
seconds=${FUZZ_SECONDS:-60}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for file in "$root"/fuzz/targets/*.swift; do targets+=("$(basename "$file" .swift)"); done
fi

nice -n 10 "$root/fuzz/build.sh" "${targets[@]}" 2> >(grep -v "warning: Cannot export local symbol" >&2) || exit 1

# Swift's crash backtracer symbolicates interactively on a fatal error and can
# take minutes; libFuzzer prints its own stack trace and saves the input.
export SWIFT_BACKTRACE=enable=no
# Leak checking stays on: the Swift runtime's metadata caches are reachable
# from globals, so LeakSanitizer reports no false positives for them (no
# suppressions file is needed; see fuzz/README.md).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:symbolize=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}

dictionary() {  # the libFuzzer dictionary of a target, if any
  case $1 in
    HTTPRequest) echo "$root/fuzz/dict/HTTP.dict" ;;
    WebSocket) echo "$root/fuzz/dict/WebSocket.dict" ;;
    JSON|RPC|ChatImport) echo "$root/fuzz/dict/JSON.dict" ;;
    CSV) echo "$root/fuzz/dict/CSV.dict" ;;
  esac
}

failed=0
summary=()
for target in "${targets[@]}"; do
  corpus=$out/corpus/$target
  artifacts=$out/artifacts/$target
  log=$out/logs/$target.log
  mkdir -p "$corpus" "$out/logs"
  rm -rf "$artifacts" && mkdir -p "$artifacts"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$artifacts/")
  dict=$(dictionary "$target")
  [ -n "$dict" ] && [ -f "$dict" ] && options+=(-dict="$dict")
  echo "fuzzing $target for ${seconds}s (log: $log)" >&2
  nice -n 10 "$out/bin/$target" "${options[@]}" "$corpus" "$root/fuzz/corpus/$target" > "$log" 2>&1
  status=$?

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  progress=$(grep -E '^#[0-9]+' "$log" | tail -1)
  corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$progress")
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$progress")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$progress")
  artifact=$(ls "$artifacts" | head -1)
  if [ "$status" -eq 0 ] && [ -z "$artifact" ]; then
    result=ok
  else
    failed=1
    case $artifact in
      crash-*) result=crash ;;
      leak-*) result=leak ;;
      timeout-*) result=timeout ;;
      oom-*) result=oom ;;
      *) result="failed(exit $status)" ;;
    esac
    {
      echo "---- $target: $result; last lines of $log:"
      grep -v '^#[0-9]' "$log" | tail -40
      [ -n "$artifact" ] && echo "reproduce: SWIFT_BACKTRACE=enable=no $out/bin/$target $artifacts/$artifact"
    } >&2
  fi
  summary+=("$(printf '%-12s %10s %7s %12s %-8s cov=%s ft=%s' "$target" "${execs:-?}" "${rate:-?}" \
    "${corp:-?}" "$result" "${cov:-?}" "${ft:-?}")")
done

printf '%-12s %10s %7s %12s %-8s %s\n' target execs exec/s corpus-size result coverage
printf '%s\n' "${summary[@]}"
exit $failed
