#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/targets/ with swiftc, without SwiftPM:
# SwiftPM cannot give one target -sanitize=fuzzer while the rest of the
# package builds normally, so the pure modules each target needs are
# compiled here, in dependency order, into static libraries instrumented
# for libFuzzer (coverage) and AddressSanitizer.
#
#   fuzz/build.sh [target…]     (default: every fuzz/targets/*.swift)
#
# Output: .build-fuzz/bin/<target>. A module is rebuilt only when one of its
# sources, or a module it depends on, is newer than its library.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${FUZZ_BUILD_DIR:-$root/.build-fuzz}
swiftc=${SWIFTC:-swiftc}
# The Swift toolchain brings everything: clang, llvm-ar, lld and the
# libFuzzer/ASan runtimes (usr/lib/clang/*/lib/linux); no Debian package.
toolchain=$(dirname "$(command -v "$swiftc")")
clang=${CLANG:-$toolchain/clang}
ar=${AR:-$toolchain/llvm-ar}
[ -x "$ar" ] || ar=ar
mkdir -p "$out/modules" "$out/lib" "$out/bin" "$out/cmodules/CSystemLinux"

# -O keeps bounds and overflow checks (only -Ounchecked drops them) and the
# pure modules use precondition, not assert, so nothing is lost against a
# debug build while each run is several times faster.
common=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6
        -enable-upcoming-feature ExistentialAny
        -I "$out/modules" -I "$out/cmodules/CSystemLinux")

# Module name → source folder and the modules it imports (Package.swift).
declare -A dir=([JSON]=Shared/JSON [Crypto]=Shared/Crypto [HTTP]=Shared/HTTP [RPC]=Shared/RPC
                [CSV]=Shared/CSV [WebSocket]=Shared/WebSocket [Contracts]=Shared/Contracts)
declare -A deps=([JSON]="" [Crypto]="CSystemLinux JSON" [HTTP]="JSON" [RPC]="JSON" [CSV]=""
                 [WebSocket]="HTTP Crypto CSystemLinux JSON" [Contracts]="JSON RPC")

# Fuzz target → the modules it links (dependents before dependencies) and
# extra source files compiled into the binary itself: the chat import lives
# in the vote-service executable, which cannot be imported, so its pure
# files are compiled in directly.
declare -A links=([HTTPRequest]="HTTP JSON" [WebSocket]="WebSocket HTTP Crypto JSON CSystemLinux"
                  [JSON]="JSON" [RPC]="RPC JSON" [CSV]="CSV"
                  [ChatImport]="Contracts RPC Crypto JSON CSystemLinux")
declare -A extra=([ChatImport]="Services/vote-service/ChatVote.swift Services/vote-service/ChatImportPlan.swift Services/vote-service/VoteTimeline.swift")

newer_than() {  # newer_than OUTPUT INPUT… → true when OUTPUT is missing or older than an input
  local output=$1; shift
  [ -e "$output" ] || return 0
  local input
  for input in "$@"; do [ "$input" -nt "$output" ] && return 0; done
  return 1
}

declare -A built=()
build_c_shim() {
  [ -n "${built[CSystemLinux]:-}" ] && return
  built[CSystemLinux]=1
  local src=$root/Shared/CSystemLinux
  printf 'module CSystemLinux {\n  umbrella header "%s/include/CSystemLinux.h"\n  export *\n}\n' "$src" \
    > "$out/cmodules/CSystemLinux/module.modulemap"
  if newer_than "$out/lib/libCSystemLinux.a" "$src/shims.c" "$src/include/CSystemLinux.h"; then
    echo "  CC   CSystemLinux" >&2
    "$clang" -O1 -g -fsanitize=address -I "$src/include" -c "$src/shims.c" -o "$out/lib/CSystemLinux.o"
    rm -f "$out/lib/libCSystemLinux.a"
    "$ar" rcs "$out/lib/libCSystemLinux.a" "$out/lib/CSystemLinux.o"
  fi
}

build_module() {
  local name=$1
  [ -n "${built[$name]:-}" ] && return
  if [ "$name" = CSystemLinux ]; then build_c_shim; return; fi
  local dep inputs=()
  for dep in ${deps[$name]}; do
    build_module "$dep"
    inputs+=("$out/lib/lib$dep.a")
  done
  built[$name]=1
  local sources=("$root/${dir[$name]}"/*.swift)
  if newer_than "$out/lib/lib$name.a" "${sources[@]}" "${inputs[@]}" "$0"; then
    echo "  SWIFT $name (${#sources[@]} files)" >&2
    "$swiftc" "${common[@]}" -module-name "$name" -wmo -num-threads 1 \
      -emit-library -static -o "$out/lib/lib$name.a" \
      -emit-module -emit-module-path "$out/modules/$name.swiftmodule" "${sources[@]}"
  fi
}

build_target() {
  local target=$1 lib libs=() inputs=()
  [ -n "${links[$target]:-}" ] || { echo "unknown fuzz target: $target" >&2; exit 2; }
  for lib in ${links[$target]}; do
    build_module "$lib"
    libs+=("-l$lib")
    inputs+=("$out/lib/lib$lib.a")
  done
  local sources=("$root/fuzz/targets/$target.swift" "$root"/fuzz/support/*.swift)
  local file
  for file in ${extra[$target]:-}; do sources+=("$root/$file"); done
  if newer_than "$out/bin/$target" "${sources[@]}" "${inputs[@]}" "$0"; then
    echo "  LINK $target" >&2
    "$swiftc" "${common[@]}" -module-name "Fuzz$target" -use-ld=lld -L "$out/lib" \
      "${sources[@]}" "${libs[@]}" -o "$out/bin/$target"
  fi
}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for file in "$root"/fuzz/targets/*.swift; do targets+=("$(basename "$file" .swift)"); done
fi
for target in "${targets[@]}"; do build_target "$target"; done
